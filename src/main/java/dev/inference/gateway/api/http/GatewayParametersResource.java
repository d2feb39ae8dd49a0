package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.GatewayParametersResponse;
import dev.inference.gateway.service.GatewayReadService;
import dev.inference.gateway.security.Roles;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /gateways/parameters}: the zones a gateway may use. A literal path: it wins over {@code /{id}}. */
@Path("/v1alpha1/inference/gateways/parameters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "GatewayService")
@SecurityRequirement(name = "bearer")
public class GatewayParametersResource {
    private final GatewayReadService service;

    GatewayParametersResource(GatewayReadService service) {
        this.service = service;
    }

    @GET
    @NonBlocking
    @RolesAllowed({ Roles.ADMIN, Roles.VIEWER })
    @Action("gateways.getParameters")
    @Operation(operationId = "getGatewayParameters", summary = "The zones gateways may be placed in")
    @APIResponse(responseCode = "200", description = "The zones",
            content = @Content(schema = @Schema(implementation = GatewayParametersResponse.class)))
    public GatewayParametersResponse getGatewayParameters() {
        return new GatewayParametersResponse(service.getGatewayParameters());
    }
}
