package dev.inference.gateway.ops;

import dev.inference.gateway.support.PackagedAppResource;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OpsEndpointsTest} (health, OpenAPI, request ids, metrics) against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppResource.class)
@Slow
class OpsEndpointsIT extends OpsEndpointsTest {
}
