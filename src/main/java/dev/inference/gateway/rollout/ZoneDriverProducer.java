package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the zone driver named by {@code rollout.driver}. */
public class ZoneDriverProducer {

    @Produces
    @Singleton
    ZoneDriver zoneDriver(RolloutConfig config, Vertx vertx) {
        if (!"simulated".equals(config.driver())) {
            throw new IllegalArgumentException("rollout.driver \"" + config.driver()
                    + "\" is not known; the built-in driver is \"simulated\"");
        }
        return new SimulatedZoneDriver(vertx, config.simulated());
    }
}
