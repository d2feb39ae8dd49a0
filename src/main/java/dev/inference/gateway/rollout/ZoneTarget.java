package dev.inference.gateway.rollout;

import dev.inference.gateway.domain.GatewaySpec;
import java.util.UUID;

/**
 * What a zone must serve: the spec of one revision of a gateway.
 *
 * @param generation the apply token: it increases with every new target of the zone (the spec generation, or above it
 *                   once a rollback sent the zone back to an older revision), so a driver that never lets a lower
 *                   one replace a higher one keeps applies in order
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
