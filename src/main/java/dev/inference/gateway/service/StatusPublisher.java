package dev.inference.gateway.service;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.StatusRollup;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.PublishedStatus;
import dev.inference.gateway.persistence.ZoneEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes what {@link StatusRollup} concludes from a gateway's zone rows onto the gateway row. Shared by the API
 * (on every accepted change) and the rollout workers (on every zone step), always under the gateway's row lock.
 */
@ApplicationScoped
public class StatusPublisher {
    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

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
                gateway.published == null ? List.of() : gateway.published.conditions(),
                now));
        PublishedStatus published = new PublishedStatus(result.conditions(), result.endpoints());
        if (result.status() != gateway.status && gateway.status != null) {
            LOG.infof("gateway %s: %s -> %s (generation %d)", gateway.id, gateway.status, result.status(),
                    gateway.generation);
        }
        if (result.status() != gateway.status || !published.equals(gateway.published)) {
            gateway.status = result.status();
            gateway.published = published;
            gateway.updatedAt = now;
        }
    }

    public static Gateway view(GatewayEntity g) {
        return new Gateway(g.id, g.organizationId, g.spec.withApiKey(null), g.generation, g.status,
                g.published.conditions(), g.published.endpoints(), g.createdAt, g.updatedAt, g.version);
    }
}
