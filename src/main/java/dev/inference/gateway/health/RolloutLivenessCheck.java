package dev.inference.gateway.health;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.rollout.RolloutLoop;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the rollout loop. DOWN when it is stuck (steps are running or due and none has finished within
 * {@code rollout.liveness-stall}) or broken ({@code rollout.liveness-failed-passes} passes in a row failed); a
 * restart is then the right cure. An unreachable database makes readiness DOWN, not liveness: a restart would
 * not bring it back.
 */
@Liveness
@ApplicationScoped
public class RolloutLivenessCheck implements HealthCheck {
    private final RolloutLoop loop;
    private final RolloutConfig config;
    private final Clock clock;

    RolloutLivenessCheck(RolloutLoop loop, RolloutConfig config, Clock clock) {
        this.loop = loop;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("rollout-loop");
        RolloutLoop.Health health = loop.health();
        if (!health.enabled()) {
            return response.up().withData("enabled", false).build();
        }
        Duration sinceProgress = Duration.between(health.progressAt(), clock.instant());
        boolean stalled = sinceProgress.compareTo(config.livenessStall()) > 0;
        boolean broken = health.failedPasses() >= config.livenessFailedPasses();
        return response.status(!stalled && !broken)
                .withData("progressAt", health.progressAt().toString())
                .withData("secondsSinceProgress", sinceProgress.toSeconds())
                .withData("stepsInFlight", health.inFlight())
                .withData("failedPassesInARow", health.failedPasses())
                .build();
    }
}
