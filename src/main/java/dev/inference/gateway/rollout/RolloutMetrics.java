package dev.inference.gateway.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Rollout meters: zone steps by result, retries, and the time from a spec change to a zone converged. */
@Startup
@ApplicationScoped
public class RolloutMetrics {
    private final Map<StepResult, Counter> steps = new EnumMap<>(StepResult.class);
    private final Timer convergence;
    private final Counter failedPasses;
    private final Timer pickup;

    RolloutMetrics(MeterRegistry registry) {
        for (StepResult result : StepResult.values()) {
            steps.put(result, Counter.builder("rollout.zone.steps")
                    .description("Zone steps performed by the rollout workers, by result")
                    .tag("result", result.tag())
                    .register(registry));
        }
        this.convergence = Timer.builder("rollout.zone.convergence")
                .description("Time from an accepted spec change to the zone serving it")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.pickup = Timer.builder("rollout.zone.pickup")
                .description("Time from an accepted spec change to the first step of a zone for it")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.failedPasses = Counter.builder("rollout.passes.failed")
                .description("Rollout passes whose claim of due work failed")
                .register(registry);
    }

    void pickedUp(Duration sinceChange) {
        pickup.record(sinceChange.isNegative() ? Duration.ZERO : sinceChange);
    }

    void passFailed() {
        failedPasses.increment();
    }

    void step(StepResult result) {
        steps.get(result).increment();
    }

    void converged(Duration sinceChange) {
        convergence.record(sinceChange.isNegative() ? Duration.ZERO : sinceChange);
    }
}
