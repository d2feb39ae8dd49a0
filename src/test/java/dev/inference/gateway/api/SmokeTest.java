package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmokeTest {
    @Test
    void createThenGet() {
        String id = createdId(ACME_ADMIN, body("[\"us-east-04a\"]"));
        as(ACME_ADMIN).get(BASE + "/" + id).then().log().all().statusCode(200)
                .body("gateway.spec.zones", contains("US-EAST-04A"))
                .body("gateway.spec.coreWeaveAuth", anEmptyMap())
                .body("gateway.status.status", is("STATUS_CREATING"));
    }
}
