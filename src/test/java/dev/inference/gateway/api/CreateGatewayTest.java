package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** POST /gateways: the answer's shape, server-owned fields, client-supplied ids and idempotent create. */
@QuarkusTest
class CreateGatewayTest {

    @Test
    void createAnswersTheGatewayWithServerOwnedFields() {
        String name = uniqueName();
        Response created = create(ACME_ADMIN, spec("name", name));
        created.then().statusCode(200)
                .header("ETag", not(emptyOrNullString()))
                .body("gateway.spec.id", matchesPattern(UUID_PATTERN))
                .body("gateway.spec.name", is(name))
                .body("gateway.spec.zones", contains("US-EAST-04A"))
                .body("gateway.spec.organizationId", is("acme"))
                .body("gateway.spec.coreWeaveAuth", anEmptyMap())
                .body("gateway.spec.bodyBasedRouting.apiType", is("API_TYPE_OPENAI"))
                .body("gateway.spec", not(hasKey("weightsAndBiasesAuth")))
                .body("gateway.spec", not(hasKey("headerBasedRouting")))
                .body("gateway.spec", not(hasKey("pathBasedRouting")))
                .body("gateway.status.status", is("STATUS_CREATING"))
                .body("gateway.status.generation", is(1))
                .body("gateway.status.createdAt", matchesPattern(RFC3339_UTC))
                .body("gateway.status.updatedAt", matchesPattern(RFC3339_UTC))
                .body("gateway.status.conditions", hasSize(1))
                .body("gateway.status.conditions[0].type", is("Ready"))
                .body("gateway.status.conditions[0].zone", is("US-EAST-04A"))
                .body("gateway.status.conditions[0].status", oneOf("Unknown", "True", "False"))
                .body("gateway.status.conditions[0].lastUpdateTime", matchesPattern(RFC3339_UTC))
                .body("gateway.status.endpoints", notNullValue());
    }

    @Test
    void organizationIdIsTakenFromTheTokenNotTheBody() {
        String id = createdId(ACME_ADMIN, spec("organizationId", "globex"));
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.spec.organizationId", is("acme"));
        get(GLOBEX_ADMIN, id).then().statusCode(404);
    }

    @Test
    void createWithGlobexTokenLandsInGlobex() {
        String id = createdId(GLOBEX_ADMIN);
        get(GLOBEX_ADMIN, id).then().statusCode(200).body("gateway.spec.organizationId", is("globex"));
    }

    @Test
    void clientSuppliedIdIsUsed() {
        String id = UUID.randomUUID().toString();
        create(ACME_ADMIN, spec("id", id)).then().statusCode(200).body("gateway.spec.id", is(id));
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.spec.id", is(id));
    }

    @Test
    void clientSuppliedIdMustBeAUuid() {
        assertInvalid(create(ACME_ADMIN, spec("id", "not-a-uuid")), "id");
        assertInvalid(create(ACME_ADMIN, spec("id", 12)), "id");
    }

    @Test
    void everyEnumIsAnsweredByName() {
        Map<String, Object> body = spec("bodyBasedRouting", Map.of("apiType", 1));
        create(ACME_ADMIN, body).then().statusCode(200)
                .body("gateway.spec.bodyBasedRouting.apiType", is("API_TYPE_OPENAI"))
                .body("gateway.status.status", is("STATUS_CREATING"));
    }

    @Test
    void createWithExistingIdAndSameSpecAnswersTheStoredGateway() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = spec("id", id);
        Response first = create(ACME_ADMIN, body);
        first.then().statusCode(200);
        Response again = create(ACME_ADMIN, body);
        again.then().statusCode(200)
                .body("gateway.spec.id", is(id))
                .body("gateway.spec.name", is(body.get("name")))
                .body("gateway.status.createdAt", is(first.path("gateway.status.createdAt").toString()))
                .body("gateway.status.generation", is(1));
    }

    @Test
    void createWithExistingIdAndSameSpecInAnotherSpellingIsStillTheSameSpec() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = spec("id", id);
        create(ACME_ADMIN, body).then().statusCode(200);
        Map<String, Object> respelled = with(with(body, "zones", List.of("us-east-04a")), "name",
                "  " + body.get("name") + " ");
        create(ACME_ADMIN, respelled).then().statusCode(200).body("gateway.spec.id", is(id));
    }

    @Test
    void createWithExistingIdAndDifferentSpecIsAlreadyExists() {
        String id = UUID.randomUUID().toString();
        create(ACME_ADMIN, spec("id", id)).then().statusCode(200);
        assertError(create(ACME_ADMIN, spec("id", id)), 409, 6);
        // The stored gateway is untouched.
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.status.generation", is(1));
    }

    @Test
    void createWithAnIdTakenInAnotherOrganizationDoesNotReplayTheirGateway() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = spec("id", id);
        create(GLOBEX_ADMIN, body).then().statusCode(200);
        Response replay = create(ACME_ADMIN, body);
        // Must never hand acme globex's gateway.
        assertEquals(409, replay.statusCode(), replay.asString());
        replay.then().body("code", is(6));
        get(ACME_ADMIN, id).then().statusCode(404);
    }

    @Test
    void concurrentCreatesOfOneIdBothSucceedWithTheSameGateway() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String id = UUID.randomUUID().toString();
                Map<String, Object> body = spec("id", id);
                CountDownLatch start = new CountDownLatch(1);
                Callable<Response> call = () -> {
                    start.await();
                    return create(ACME_ADMIN, body);
                };
                List<Future<Response>> futures = new ArrayList<>();
                futures.add(pool.submit(call));
                futures.add(pool.submit(call));
                start.countDown();
                for (Future<Response> future : futures) {
                    Response response = future.get(30, TimeUnit.SECONDS); // two creates: milliseconds; a hang guard
                    assertEquals(200, response.statusCode(), response.asString());
                    assertEquals(id, response.path("gateway.spec.id"));
                    assertEquals((Integer) 1, response.path("gateway.status.generation"));
                }
                assertEquals((String) futures.get(0).get().path("gateway.status.createdAt"),
                        futures.get(1).get().path("gateway.status.createdAt"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoCreatesWithoutIdMakeTwoGateways() {
        String body = body("[\"US-EAST-04A\"]");
        String first = createdId(ACME_ADMIN, body);
        String second = createdId(ACME_ADMIN, body);
        org.junit.jupiter.api.Assertions.assertNotEquals(first, second);
    }
}
