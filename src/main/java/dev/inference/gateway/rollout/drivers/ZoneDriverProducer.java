package dev.inference.gateway.rollout.drivers;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.config.KubernetesDriverConfig;
import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.rollout.ZoneDriver;
import dev.inference.gateway.rollout.kubernetes.KubernetesZoneDriver;
import dev.inference.gateway.rollout.kubernetes.ZoneClusterFactory;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Chooses the zone driver named by {@code rollout.driver}: {@code kubernetes} or {@code simulated}. The packaged
 * application has no default, so that it never invents zones by accident: started without the setting it stops with
 * one line that names it. Dev mode and tests default to {@code simulated}; in production the simulated driver works
 * only when chosen explicitly, and then says so at start (and on readiness and in the metrics, see
 * {@link ZoneDriverInfo}).
 */
public class ZoneDriverProducer {
    private static final Logger LOG = Logger.getLogger(ZoneDriverProducer.class);
    static final String UNSET = "rollout.driver (ROLLOUT_DRIVER) is not set: set it to \"kubernetes\" (every zone a "
            + "Kubernetes cluster, see rollout.kubernetes.*) or \"simulated\" (zones simulated in memory, for trials: "
            + "nothing is programmed anywhere)";

    /**
     * Built at start-up, so that a missing setting or a zone without a cluster stops the service before it serves
     * anything; and first (priority 2000, before the default 2500 of the start observers), so that no worker's timer
     * is running yet when the start fails: it would fire into a container already shut down.
     */
    @Produces
    @Singleton
    @Startup(Interceptor.Priority.APPLICATION)
    ZoneDriver zoneDriver(RolloutConfig config, GatewayConfig gateway, KubernetesDriverConfig kubernetes,
            Instance<SimulatedZoneDriver> simulated) {
        String driver = config.driver().orElseThrow(() -> new ConfigurationException(UNSET));
        return switch (driver) {
            case ZoneDriverInfo.SIMULATED -> {
                if (LaunchMode.current() == LaunchMode.NORMAL) {
                    LOG.warn("rollout.driver=simulated: zones are simulated in memory and nothing is programmed in "
                            + "any cluster; readiness and the metric rollout_zone_driver say so");
                }
                yield simulated.get();
            }
            case ZoneDriverInfo.KUBERNETES -> new KubernetesZoneDriver(
                    // fabric8's HTTP client factory as Quarkus provides it (on the application's Vert.x; the one
                    // that also works in a native image)
                    new ZoneClusterFactory(kubernetes, HttpClientUtils.getHttpClientFactory(), System.getenv())
                            .create(gateway.zones()),
                    kubernetes, config.stepTimeout());
            default -> throw new ConfigurationException("rollout.driver \"" + driver + "\" is not known; the drivers "
                    + "are \"kubernetes\" and \"simulated\"");
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
