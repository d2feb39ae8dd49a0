package dev.inference.gateway.rollout.kubernetes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two zone clusters for a @QuarkusTest: two mock API servers (CRUD mode, fake Envoy Gateway controller that
 * programs Gateways after 50 ms), and the configuration that points {@code rollout.driver=kubernetes} at them.
 */
public class KubernetesZonesResource implements QuarkusTestResourceLifecycleManager {
    static final String ZONE_A = "US-EAST-04A";
    static final String ZONE_B = "US-WEST-09B";
    private static final Map<String, MockZone> ZONES = new LinkedHashMap<>();

    @Override
    public Map<String, String> start() {
        ZONES.put(ZONE_A, MockZone.start(ZONE_A, Duration.ofMillis(50), "10.1.0."));
        ZONES.put(ZONE_B, MockZone.start(ZONE_B, Duration.ofMillis(50), "10.2.0."));
        Map<String, String> config = new LinkedHashMap<>(TestZones.properties(List.copyOf(ZONES.values())));
        config.put("rollout.driver", "kubernetes");
        config.put("gateway.zones", ZONE_A + "," + ZONE_B);
        return config;
    }

    static MockZone zone(String zone) {
        return ZONES.get(zone);
    }

    @Override
    public void stop() {
        ZONES.values().forEach(MockZone::close);
        ZONES.clear();
    }
}
