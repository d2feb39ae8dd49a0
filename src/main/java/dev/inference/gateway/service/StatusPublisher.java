package dev.inference.gateway.service;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.StatusRollup;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.ZoneEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Writes what {@link StatusRollup} concludes from a gateway's zone rows onto the gateway row. Shared by the API
 * (on every accepted change) and the rollout workers (on every zone step), always under the gateway's row lock.
 */
@ApplicationScoped
public class StatusPublisher {
    private final GatewayConfig config;

    StatusPublisher(GatewayConfig config) {
        this.config = config;
    }

    /** Recomputes status, conditions and endpoints; bumps {@code updatedAt} if any of them changed. */
    public void publish(GatewayEntity gateway, List<ZoneEntity> zones, Instant now) {
        StatusRollup.Result result = StatusRollup.rollup(new StatusRollup.Input(
                gateway.id.toString(),
                gateway.generation,
                gateway.deleting,
                gateway.spec.effectiveZones(config.zones()),
                gateway.spec.additionalDns(),
                config.endpointDomain(),
                zones.stream().map(ZoneEntity::state).toList(),
                gateway.conditions == null ? List.of() : gateway.conditions,
                now));
        boolean changed = result.status() != gateway.status
                || !result.conditions().equals(gateway.conditions)
                || !result.endpoints().equals(gateway.endpoints);
        if (changed) {
            gateway.status = result.status();
            gateway.conditions = result.conditions();
            gateway.endpoints = result.endpoints();
            gateway.updatedAt = now;
        }
    }

    public static Gateway view(GatewayEntity g) {
        return new Gateway(g.id, g.organizationId, g.spec.withApiKey(null), g.generation, g.status, g.conditions,
                g.endpoints, g.createdAt, g.updatedAt, g.version);
    }
}
