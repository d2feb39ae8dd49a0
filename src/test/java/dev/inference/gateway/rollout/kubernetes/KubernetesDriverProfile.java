package dev.inference.gateway.rollout.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The service with {@code rollout.driver=kubernetes} against the two zones of {@link KubernetesZonesResource}. */
public class KubernetesDriverProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KubernetesZonesResource.class));
    }
}
