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
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/** Chooses the zone driver named by {@code rollout.driver}: {@code simulated} (the default) or {@code kubernetes}. */
public class ZoneDriverProducer {

    /** Built at start-up, so that a zone without a cluster stops the service before it serves anything. */
    @Produces
    @Singleton
    @Startup
    ZoneDriver zoneDriver(RolloutConfig config, GatewayConfig gateway, KubernetesDriverConfig kubernetes,
            Vertx vertx, Instance<SimulatedZoneDriver> simulated) {
        return switch (config.driver()) {
            case "simulated" -> simulated.get();
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

    /**
     * The simulated driver is a bean of its own (of that type only, so that it never competes with the driver
     * above), so that the tests can put a subclass that injects faults in its place.
     */
    @Produces
    @Singleton
    @Typed(SimulatedZoneDriver.class)
    SimulatedZoneDriver simulatedZoneDriver(RolloutConfig config, Vertx vertx) {
        return new SimulatedZoneDriver(vertx, config.simulated());
    }

    void close(@Disposes ZoneDriver driver) throws Exception {
        if (driver instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
