package dev.inference.gateway.rollout;

import dev.inference.gateway.domain.GatewaySpec;
import java.util.UUID;

/** What a zone must serve: one gateway's spec at one generation. The spec carries the secret: never log it. */
public record ZoneTarget(UUID gatewayId, String zone, long generation, GatewaySpec spec) {
    @Override
    public String toString() {
        return "gateway " + gatewayId + " zone " + zone + " generation " + generation;
    }
}
