package dev.inference.gateway.ops;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Runs the service against {@link OutageDatabase}, a database the test can take away. */
public class OutageProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OutageDatabase.class));
    }
}
