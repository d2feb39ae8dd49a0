package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.GatewayResponse;
import dev.inference.gateway.api.contract.RevisionListResponse;
import dev.inference.gateway.api.contract.RollbackRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Extension: a gateway's rollout (custom methods, as Google APIs name them: {@code POST .../{id}:pauseRollout}) and its
 * revision history. {@link RolloutResource} implements it and declares the roles.
 */
@Path("/v1alpha1/inference/gateways")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "GatewayService")
@SecurityRequirement(name = "bearer")
public interface RolloutApi {

    @POST
    @Path("/{id}:pauseRollout")
    @Operation(operationId = "pauseRollout", summary = "Pause the rollout in flight: no zone starts a new apply; the "
            + "bake and deadline clocks stop (honours If-Match)")
    @APIResponse(responseCode = "200", description = "The gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    Uni<RestResponse<GatewayResponse>> pauseRollout(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch);

    @POST
    @Path("/{id}:resumeRollout")
    @Operation(operationId = "resumeRollout", summary = "Resume the rollout where it stopped (a failed zone is "
            + "retried); after a rollback or an abort, roll the revision out again from wave 0")
    @APIResponse(responseCode = "200", description = "The gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    Uni<RestResponse<GatewayResponse>> resumeRollout(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch);

    @POST
    @Path("/{id}:abortRollout")
    @Operation(operationId = "abortRollout", summary = "Stop the rollout and return every zone to the stable revision")
    @APIResponse(responseCode = "200", description = "The gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    Uni<RestResponse<GatewayResponse>> abortRollout(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch);

    @POST
    @Path("/{id}:rollback")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "rollback", summary = "Make an earlier revision's spec (its secrets as they were) the "
            + "spec again, as a new revision rolled out to every zone at once")
    @APIResponse(responseCode = "200", description = "The gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    Uni<RestResponse<GatewayResponse>> rollback(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @RequestBody(required = false, description = "Optional: {\"revision\": N}; without it, the stable "
                    + "revision, or the one before it when the newest is the stable one", content = @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RollbackRequest.class))) byte[] body);

    @GET
    @Path("/{id}/revisions")
    @Operation(operationId = "listRevisions", summary = "The gateway's revisions, newest first (paginated)")
    @APIResponse(responseCode = "200", description = "The revisions",
            content = @Content(schema = @Schema(implementation = RevisionListResponse.class)))
    Uni<RevisionListResponse> listRevisions(@PathParam("id") UUID id, @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken);
}
