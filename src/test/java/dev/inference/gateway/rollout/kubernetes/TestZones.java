package dev.inference.gateway.rollout.kubernetes;

import dev.inference.gateway.config.KubernetesDriverConfig;
import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.domain.StatusRollup;
import dev.inference.gateway.rollout.ZoneTarget;
import dev.inference.gateway.domain.GatewaySpec;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Configuration and targets for the plain JUnit tests of the Kubernetes driver (no Quarkus boot). */
final class TestZones {
    static final String NAMESPACE = "inference-gateways";
    static final String DOMAIN = "inference.example.com";

    private TestZones() {
    }

    /** The driver's configuration as SmallRye builds it from properties, beside the existing rollout mapping. */
    static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(RolloutConfig.class)
                .withMapping(KubernetesDriverConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "10s", as Quarkus reads it
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }

    static KubernetesDriverConfig kubernetes(Map<String, String> properties) {
        return config(properties).getConfigMapping(KubernetesDriverConfig.class);
    }

    /** Properties that point each zone at its mock server. */
    static Map<String, String> properties(List<MockZone> zones) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (MockZone zone : zones) {
            String key = "rollout.kubernetes.zones.\"" + zone.zone() + "\".";
            properties.put(key + "api-server", zone.url());
            properties.put(key + "token", "test-token-" + zone.zone());
        }
        // The driver's own limits, shorter than the defaults (10 s, 5 s) so that a zone that is down fails quickly. No
        // test waits for them to expire (a stopped server refuses at once); the mock servers answer on localhost in
        // milliseconds, the first request of a test JVM included (the first test took 0.5 s in all on a shared
        // 2-core machine).
        properties.put("rollout.kubernetes.request-timeout", "3s");
        properties.put("rollout.kubernetes.connect-timeout", "1s");
        return properties;
    }

    static ZoneTarget target(UUID id, String zone, long generation, GatewaySpec spec) {
        return new ZoneTarget(id, "acme", zone, generation, StatusRollup.zoneHost(id.toString(), zone, DOMAIN),
                spec);
    }
}
