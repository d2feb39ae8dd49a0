package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Bounded exponential back-off with jitter, and the attempt budget per zone and generation. */
public final class RetryPolicy {
    private final Duration initial;
    private final Duration max;
    private final int maxAttempts;

    public RetryPolicy(Duration initial, Duration max, int maxAttempts) {
        this.initial = initial;
        this.max = max;
        this.maxAttempts = maxAttempts;
    }

    static RetryPolicy of(RolloutConfig.Retry retry) {
        return new RetryPolicy(retry.initial(), retry.max(), retry.maxAttempts());
    }

    /** Whether a zone that has failed {@code attempts} times may try again. */
    public boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }

    /**
     * The pause after the {@code attempts}-th failure: initial x 2^(attempts-1), at most {@code max}, of which a
     * random half is jitter so that zones failing together do not retry together.
     */
    public Duration backoff(int attempts) {
        long ceiling = max.toMillis();
        long base = initial.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long capped = Math.max(1, Math.min(base, ceiling));
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
