package dev.inference.gateway.health;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.rollout.RolloutLoop;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the rollout loop: DOWN when it has not completed a pass (successful or not) for longer than
 * {@code rollout.liveness-stall}. A database outage does not make it DOWN (a failed pass still completes);
 * a hung loop does, and a restart is then the right cure.
 */
@Liveness
@ApplicationScoped
public class RolloutLivenessCheck implements HealthCheck {
    private final RolloutLoop loop;
    private final RolloutConfig config;

    RolloutLivenessCheck(RolloutLoop loop, RolloutConfig config) {
        this.loop = loop;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("rollout-loop");
        if (!loop.enabled()) {
            return response.up().withData("enabled", false).build();
        }
        Instant last = loop.lastPassAt();
        Duration since = Duration.between(last, Instant.now());
        return response.status(since.compareTo(config.livenessStall()) <= 0)
                .withData("lastPassAt", last.toString())
                .withData("secondsSinceLastPass", since.toSeconds())
                .build();
    }
}
