package dev.inference.gateway.rollout;

import dev.inference.gateway.domain.GatewaySpec;
import java.util.UUID;

/**
 * What a zone must serve: one gateway's spec at one generation.
 *
 * @param hostname the gateway's own host name in this zone ({@code <id>.<zone>.<endpoint-domain>})
 * @param spec     the desired spec; it carries the secret ({@code weightsAndBiasesAuth.apiKey}): never log it
 */
public record ZoneTarget(UUID gatewayId, String organizationId, String zone, long generation, String hostname,
        GatewaySpec spec) {
    @Override
    public String toString() {
        return "gateway " + gatewayId + " zone " + zone + " generation " + generation;
    }
}
