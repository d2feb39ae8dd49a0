package dev.inference.gateway.ops;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The service against {@link OutageDatabase} (a database the tests can take away, lock or break), with a tiny pool
 * and short time limits, so that outages, exhausted pools, hanging steps and broken rollout passes show within
 * seconds.
 */
public class FaultProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.reactive.max-size", "3"),
                Map.entry("gateway.database.acquire-timeout", "1s"),
                Map.entry("gateway.database.lock-timeout", "1500ms"),
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
