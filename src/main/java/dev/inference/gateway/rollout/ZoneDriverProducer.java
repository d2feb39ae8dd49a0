package dev.inference.gateway.rollout;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.config.KubernetesDriverConfig;
import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.rollout.kubernetes.KubernetesZoneDriver;
import dev.inference.gateway.rollout.kubernetes.ZoneClusterFactory;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the zone driver named by {@code rollout.driver}: {@code simulated} (the default) or {@code kubernetes}. */
public class ZoneDriverProducer {

    /** Built at start-up, so that a zone without a cluster stops the service before it serves anything. */
    @Produces
    @Singleton
    @Startup
    ZoneDriver zoneDriver(RolloutConfig config, GatewayConfig gateway, KubernetesDriverConfig kubernetes,
            Vertx vertx) {
        return switch (config.driver()) {
            case "simulated" -> new SimulatedZoneDriver(vertx, config.simulated());
            case "kubernetes" -> new KubernetesZoneDriver(
                    // fabric8's HTTP client factory as Quarkus provides it (on the application's Vert.x; the one
                    // that also works in a native image)
                    new ZoneClusterFactory(kubernetes, HttpClientUtils.getHttpClientFactory(), System.getenv())
                            .create(gateway.zones()),
                    kubernetes, config.stepTimeout());
            default -> throw new IllegalArgumentException("rollout.driver \"" + config.driver()
                    + "\" is not known; the drivers are \"simulated\" and \"kubernetes\"");
        };
    }

    void close(@Disposes ZoneDriver driver) throws Exception {
        if (driver instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
