package dev.inference.gateway.persistence;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.StatusRollup;
import dev.inference.gateway.domain.ZoneState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes what {@link StatusRollup} concludes from a gateway's zones onto its row: status, conditions, endpoints,
 * and {@code updatedAt} when any of them changed. Shared by the API (every accepted change) and the rollout (every
 * zone step), always under the gateway's row lock.
 */
@ApplicationScoped
public class GatewayStatusWriter {
    private static final Logger LOG = Logger.getLogger(GatewayStatusWriter.class);

    private final GatewayConfig config;

    private final HostClaims hosts;

    GatewayStatusWriter(GatewayConfig config, HostClaims hosts) {
        this.config = config;
        this.hosts = hosts;
    }

    public void publish(GatewayEntity gateway, List<ZoneState> zones, Instant now) {
        StatusRollup.Result result = StatusRollup.rollup(new StatusRollup.Input(
                gateway.id.toString(),
                gateway.generation,
                gateway.deleting,
                gateway.spec.effectiveZones(config.zones()),
                gateway.spec.additionalDns(),
                config.endpointDomain(),
                zones,
                gateway.published == null ? List.of() : gateway.published.conditions(),
                now, gateway.rollout, hosts.verifying() ? gateway.unverifiedNames() : null));
        PublishedStatus published = new PublishedStatus(result.conditions(), result.endpoints(), result.rollout());
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
}
