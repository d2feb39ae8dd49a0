package dev.inference.gateway.api;

import dev.inference.gateway.api.dto.GatewayDto;
import dev.inference.gateway.api.dto.GatewaySpecDto;
import dev.inference.gateway.api.dto.GatewayStatusDto;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewaySpec;

/** Shapes a gateway snapshot into the contract's JSON object. */
final class GatewayMapper {
    private GatewayMapper() {
    }

    static GatewayDto toDto(Gateway g) {
        GatewaySpec s = g.spec().withApiKey(null);
        return new GatewayDto(
                new GatewaySpecDto(g.id().toString(), s.name(), s.zones(), g.organizationId(), s.coreWeaveAuth(),
                        s.weightsAndBiasesAuth(), s.bodyBasedRouting(), s.headerBasedRouting(), s.pathBasedRouting(),
                        s.endpointConfiguration()),
                new GatewayStatusDto(g.status(), g.createdAt(), g.updatedAt(), g.conditions(), g.endpoints(),
                        g.generation()));
    }
}
