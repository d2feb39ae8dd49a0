package dev.inference.gateway.rollout.drivers;

import dev.inference.gateway.config.RolloutConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which zone driver runs, where an operator looks: the readiness check's data ({@code zone-driver}: {@code driver},
 * and {@code simulated: true} when the zones are not real) and the gauge {@code rollout_zone_driver{driver="..."}}
 * (always 1), so that nobody mistakes invented zones for real ones.
 */
@Startup
@Readiness
@ApplicationScoped
public class ZoneDriverInfo implements HealthCheck {
    static final String KUBERNETES = "kubernetes";
    static final String SIMULATED = "simulated";

    private final String driver;

    ZoneDriverInfo(RolloutConfig config, MeterRegistry registry) {
        this.driver = config.driver().orElse("unset");
        Gauge.builder("rollout.zone.driver", () -> 1)
                .description("The zone driver of this instance (the tag); simulated zones are not real")
                .tag("driver", driver)
                .register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("zone-driver").up()
                .withData("driver", driver)
                .withData("simulated", SIMULATED.equals(driver))
                .build();
    }
}
