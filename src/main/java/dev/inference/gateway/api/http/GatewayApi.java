package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.MergePatchBody;
import dev.inference.gateway.api.render.ChunkedBody;
import dev.inference.gateway.api.render.RenderedJson;

import dev.inference.gateway.api.contract.GatewayListResponse;
import dev.inference.gateway.api.contract.GatewayResponse;
import dev.inference.gateway.api.contract.GatewaySpecDto;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
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
 * The v1alpha1 GatewayService over REST, as the contract describes it: paths, media types, parameters and the
 * OpenAPI documentation. {@link GatewayResource} implements it (and declares the roles of each operation).
 */
@Path("/v1alpha1/inference/gateways")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "GatewayService")
@SecurityRequirement(name = "bearer")
public interface GatewayApi {
    String MERGE_PATCH = "application/merge-patch+json";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createGateway", summary = "Create a gateway (idempotent when the body carries an id)")
    @APIResponse(responseCode = "200", description = "The created (or, for a repeated create, the stored) gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    Uni<RestResponse<GatewayResponse>> createGateway(@RequestBody(required = true) GatewaySpecDto body);

    @GET
    @Produces({ MediaType.APPLICATION_JSON, Negotiation.NDJSON, Negotiation.EVENT_STREAM })
    @Operation(operationId = "listGateways", summary = "List the caller's gateways (streamed), optionally updated "
            + "after a time and paginated (pageSize, pageToken); with watch=true, stream their changes instead")
    @APIResponse(responseCode = "200", description = "The gateways, or (watch=true or 1) their changes: newline-"
            + "delimited JSON events (labelled application/json, or application/x-ndjson when asked for), or Server-Sent "
            + "Events with Accept: text/event-stream",
            content = @Content(schema = @Schema(implementation = GatewayListResponse.class)))
    Uni<ChunkedBody> listGateways(@QueryParam("updatedAfter") Instant updatedAfter,
            @QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken,
            @QueryParam("watch") String watch, @QueryParam("resourceVersion") String resourceVersion,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, @HeaderParam("Last-Event-ID") String lastEventId);

    @GET
    @Path("/{id: [^/:]+}")
    @Operation(operationId = "getGateway", summary = "Get one gateway (honours If-None-Match)")
    @APIResponse(responseCode = "200", description = "The gateway, with its ETag",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag given in If-None-Match")
    Uni<RestResponse<RenderedJson>> getGateway(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch);

    @PATCH
    @Path("/{id: [^/:]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateGateway", summary = "Replace the desired spec (application/json) or merge-patch "
            + "it (application/merge-patch+json); honours If-Match")
    @APIResponse(responseCode = "200", description = "The updated gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    Uni<RestResponse<GatewayResponse>> updateGateway(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @RequestBody(required = true) GatewaySpecDto body);

    /** Extension: RFC 7396 merge patch of the stored spec. */
    @PATCH
    @Path("/{id: [^/:]+}")
    @Consumes(MERGE_PATCH)
    Uni<RestResponse<GatewayResponse>> mergePatchGateway(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @RequestBody(required = true, description = "An RFC "
                    + "7396 merge patch of the spec: members set to null are removed", content = @Content(
                            mediaType = MERGE_PATCH, schema = @Schema(implementation = GatewaySpecDto.class)))
            MergePatchBody patch);

    @DELETE
    @Path("/{id: [^/:]+}")
    @Operation(operationId = "deleteGateway", summary = "Delete a gateway: STATUS_DELETING until every zone is torn "
            + "down; honours If-Match")
    @APIResponse(responseCode = "200", description = "The gateway as deletion starts",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    Uni<RestResponse<GatewayResponse>> deleteGateway(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch);
}
