package dev.inference.gateway.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);

    @RepeatedTest(20)
    void backoffDoublesWithJitterWithinBounds() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            long ceiling = Math.min(1000L << (attempt - 1), 30_000L);
            assertThat(policy.backoff(attempt).toMillis()).as("attempt %d", attempt)
                    .isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void hugeAttemptCountsStayAtTheMaximum() {
        assertThat(policy.backoff(1_000).toMillis()).isBetween(15_000L, 30_000L);
    }

    @Test
    void attemptsAreBounded() {
        assertThat(policy.mayRetry(4)).isTrue();
        assertThat(policy.mayRetry(5)).isFalse();
    }
}
