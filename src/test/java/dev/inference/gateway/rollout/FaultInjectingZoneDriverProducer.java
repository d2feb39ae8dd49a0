package dev.inference.gateway.rollout;

import dev.inference.gateway.rollout.drivers.SimulatedZoneDriver;

import dev.inference.gateway.config.RolloutConfig;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * In every {@code @QuarkusTest}, the simulated driver (when {@code rollout.driver=simulated}) is a
 * {@link FaultInjectingZoneDriver}: this alternative takes the place of {@code ZoneDriverProducer}'s simulated
 * driver bean. The Kubernetes driver is untouched.
 */
public class FaultInjectingZoneDriverProducer {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    @Typed(SimulatedZoneDriver.class)
    SimulatedZoneDriver faultInjectingZoneDriver(RolloutConfig config, Vertx vertx) {
        return new FaultInjectingZoneDriver(vertx, config.simulated());
    }
}
