package dev.inference.gateway.api.dto;

import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import java.util.List;

/**
 * The body of a create or a full update: the desired spec, flat, with the auth and routing options as siblings
 * of {@code name} and {@code zones}. {@code id} is optional; {@code organizationId} is output only and ignored.
 */
public record GatewayRequest(
        String id,
        String organizationId,
        String name,
        List<String> zones,
        CoreWeaveAuth coreWeaveAuth,
        WeightsAndBiasesAuth weightsAndBiasesAuth,
        BodyBasedRouting bodyBasedRouting,
        HeaderBasedRouting headerBasedRouting,
        PathBasedRouting pathBasedRouting,
        EndpointConfiguration endpointConfiguration) {

    public GatewaySpec toDraft() {
        return new GatewaySpec(name, zones, coreWeaveAuth, weightsAndBiasesAuth, bodyBasedRouting, headerBasedRouting,
                pathBasedRouting, endpointConfiguration);
    }
}
