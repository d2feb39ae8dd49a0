package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.AuditEventListResponse;
import dev.inference.gateway.api.contract.CallerResponse;
import dev.inference.gateway.api.contract.DomainVerificationResponse;
import dev.inference.gateway.api.contract.QuotaResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Extension: who the caller is, who did what (the audit trail of the caller's organization) and how much it may do
 * (its quotas), and how it proves its host names.
 * {@link AuditResource} implements it and declares the roles.
 */
@Path("/v1alpha1/inference")
@Tag(name = "GatewayService")
@SecurityRequirement(name = "bearer")
public interface AuditApi {

    @GET
    @Path("/auditEvents")
    @Produces({ MediaType.APPLICATION_JSON, Negotiation.NDJSON })
    @Operation(operationId = "listAuditEvents", summary = "The organization's audit events, newest first (paged); "
            + "with Accept: application/x-ndjson every matching event, oldest first, one a line (an export)")
    @APIResponse(responseCode = "200", description = "The events",
            content = @Content(schema = @Schema(implementation = AuditEventListResponse.class)))
    Uni<?> listAuditEvents(@QueryParam("gatewayId") String gatewayId, @QueryParam("actor") String actor,
            @QueryParam("after") String after, @QueryParam("before") String before,
            @QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken,
            @HeaderParam(HttpHeaders.ACCEPT) String accept);

    @GET
    @Path("/caller")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCaller", summary = "Who the caller is: its organization, subject, issuer and roles")
    @APIResponse(responseCode = "200", description = "The caller",
            content = @Content(schema = @Schema(implementation = CallerResponse.class)))
    CallerResponse getCaller();

    @GET
    @Path("/quotas")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getQuotas", summary = "The organization's limits and usage")
    @APIResponse(responseCode = "200", description = "The quotas",
            content = @Content(schema = @Schema(implementation = QuotaResponse.class)))
    Uni<QuotaResponse> getQuotas();

    @GET
    @Path("/domainVerification")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDomainVerification", summary = "How the organization proves its host names: the "
            + "TXT record prefix, its verification token, whether the check is on, and its claimed names")
    @APIResponse(responseCode = "200", description = "The organization's domain verification",
            content = @Content(schema = @Schema(implementation = DomainVerificationResponse.class)))
    Uni<DomainVerificationResponse> getDomainVerification();
}
