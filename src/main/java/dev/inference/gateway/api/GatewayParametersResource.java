package dev.inference.gateway.api;

import dev.inference.gateway.api.dto.GatewayParametersResponse;
import dev.inference.gateway.service.GatewayService;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /gateways/parameters}: the zones a gateway may use. A literal path: it wins over {@code /{id}}. */
@Path("/v1alpha1/inference/gateways/parameters")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayParametersResource {
    private final GatewayService service;

    GatewayParametersResource(GatewayService service) {
        this.service = service;
    }

    @GET
    @NonBlocking
    public GatewayParametersResponse getGatewayParameters() {
        return new GatewayParametersResponse(service.getGatewayParameters());
    }
}
