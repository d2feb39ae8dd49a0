package dev.inference.gateway.api;

import dev.inference.gateway.support.PackagedAppResource;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link GetListGatewayTest} against the packaged application and a real PostgreSQL. */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppResource.class)
@Slow
class GetListGatewayIT extends GetListGatewayTest {
}
