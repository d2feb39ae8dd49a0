package dev.inference.gateway.ops;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The service against {@link OutageDatabase} (a database the tests can take away, lock or break), with a tiny pool
 * and short time limits, so that outages, exhausted pools, hanging steps and broken rollout passes show within
 * seconds.
 *
 * <p>The limits the tests lean on, and why they hold on a slow machine: a request that finds the pool exhausted
 * answers 503 after the 1 s acquire wait, well before the 6 s transaction timeout (PoolExhaustionTest tells the two
 * apart); the lock wait (3 s) must outlast the acquire wait by more than the time PoolExhaustionTest needs to see
 * its three requests waiting and send one more, so it is 3x the acquire wait (with 1.5 s that slack was 0.5 s, of
 * which 0.12 s was used on a loaded 2-core machine: too little on a day 2-3x slower), and stays below the statement
 * timeout (4 s); either ends a waiting request with 503. It is longer than the 2 s lease, so a zone step whose
 * record waits for a lock is claimed again before that record gives up; the later of the two records finds the lease
 * released and is dropped (RolloutLivenessTest). Liveness reports a stall after 3 s without a finished step, 15x the
 * 200 ms a zone step takes here.
 */
public class FaultProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.reactive.max-size", "3"),
                Map.entry("gateway.database.acquire-timeout", "1s"),
                Map.entry("gateway.database.lock-timeout", "3s"),
                Map.entry("gateway.database.statement-timeout", "4s"),
                Map.entry("gateway.database.transaction-timeout", "6s"),
                Map.entry("rollout.simulated.latency", "200ms"),
                Map.entry("rollout.simulated.jitter", "0ms"),
                Map.entry("rollout.lease-duration", "2s"),
                Map.entry("rollout.concurrency", "3"),
                Map.entry("rollout.step-timeout", "1s"),
                Map.entry("rollout.liveness-stall", "3s"),
                Map.entry("rollout.liveness-failed-passes", "3"),
                Map.entry("rollout.failure-log-interval", "2s"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OutageDatabase.class));
    }
}
