package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PATCH /gateways/{id} with application/json: the body is the complete desired spec. */
@QuarkusTest
class UpdateGatewayTest {

    @Test
    void fullUpdateReplacesTheSpecAndBumpsGenerationByOne() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        String newName = uniqueName();
        Map<String, Object> update = with(with(with(body, "name", newName), "zones",
                List.of("us-west-09b", "EU-SOUTH-03A")), "bodyBasedRouting", null);
        update = with(update, "headerBasedRouting", Map.of("headerName", "X-Model"));
        patch(ACME_ADMIN, id, update).then().statusCode(200)
                .header("ETag", not(emptyOrNullString()))
                .body("gateway.spec.id", is(id))
                .body("gateway.spec.name", is(newName))
                .body("gateway.spec.zones", contains("US-WEST-09B", "EU-SOUTH-03A"))
                .body("gateway.spec.headerBasedRouting.headerName", is("X-Model"))
                .body("gateway.spec", not(hasKey("bodyBasedRouting")))
                .body("gateway.spec.organizationId", is("acme"))
                .body("gateway.status.generation", is(2));
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.name", is(newName))
                .body("gateway.status.generation", is(2));
    }

    @Test
    void everyRealChangeBumpsGenerationByOne() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        for (int generation = 2; generation <= 4; generation++) {
            patch(ACME_ADMIN, id, with(body, "name", uniqueName())).then().statusCode(200)
                    .body("gateway.status.generation", is(generation));
        }
    }

    @Test
    void idInBodyMayBeSentAndMustEqualThePathId() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        patch(ACME_ADMIN, id, with(with(body, "id", id), "name", uniqueName())).then().statusCode(200)
                .body("gateway.spec.id", is(id));
        Response mismatch = patch(ACME_ADMIN, id, with(body, "id", UUID.randomUUID().toString()));
        assertInvalid(mismatch, "id");
        assertInvalid(patch(ACME_ADMIN, id, with(body, "id", "not-a-uuid")), "id");
        get(ACME_ADMIN, id).then().body("gateway.status.generation", is(2));
    }

    @Test
    void omittedEndpointConfigurationKeepsTheStoredOne() {
        String keep = host("keep");
        Map<String, Object> body = spec("endpointConfiguration", Map.of(
                "additionalDns", List.of(keep), "allowedSourceIpRanges", List.of("10.0.0.0/8")));
        String id = createdId(ACME_ADMIN, body);
        String newName = uniqueName();
        patch(ACME_ADMIN, id, with(without(body, "endpointConfiguration"), "name", newName)).then().statusCode(200)
                .body("gateway.spec.name", is(newName))
                .body("gateway.spec.endpointConfiguration.additionalDns", contains(keep))
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges", contains("10.0.0.0/8"));
    }

    @Test
    void sentEndpointConfigurationReplacesTheStoredOne() {
        String old = host("old");
        String fresh = host("new");
        Map<String, Object> body = spec("endpointConfiguration", Map.of(
                "additionalDns", List.of(old), "allowedSourceIpRanges", List.of("10.0.0.0/8")));
        String id = createdId(ACME_ADMIN, body);
        patch(ACME_ADMIN, id, with(body, "endpointConfiguration", Map.of("additionalDns", List.of(fresh))))
                .then().statusCode(200)
                .body("gateway.spec.endpointConfiguration.additionalDns", contains(fresh))
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges", empty())
                .body("gateway.status.generation", is(2));
    }

    @Test
    void anUpdateThatChangesNothingKeepsGenerationAndUpdatedAt() {
        Map<String, Object> body = spec("endpointConfiguration", Map.of("additionalDns", List.of(host("same"))));
        String id = createdId(ACME_ADMIN, body);
        settledEtag(ACME_ADMIN, id); // the rollout changes status and updatedAt until READY
        Response before = get(ACME_ADMIN, id);
        String updatedAt = before.path("gateway.status.updatedAt");
        long generation = ((Number) before.path("gateway.status.generation")).longValue();

        Response same = patch(ACME_ADMIN, id, body);
        same.then().statusCode(200)
                .body("gateway.status.generation", is((int) generation))
                .body("gateway.status.updatedAt", is(updatedAt))
                .body("gateway.spec", is((Map<?, ?>) before.path("gateway.spec")));

        // The same spec spelled differently (zone case, padding, omitted endpointConfiguration) is no change.
        Map<String, Object> respelled = with(with(without(body, "endpointConfiguration"), "zones",
                List.of("us-east-04a", "US-EAST-04A")), "name", " " + body.get("name") + " ");
        patch(ACME_ADMIN, id, respelled).then().statusCode(200)
                .body("gateway.status.generation", is((int) generation))
                .body("gateway.status.updatedAt", is(updatedAt));
    }

    @Test
    void anUpdateWithWeightsAndBiasesAuthThatChangesNothingKeepsGeneration() {
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", "k-" + UUID.randomUUID(), "serverUrl", "https://wandb.example.com"));
        String id = createdId(ACME_ADMIN, body);
        // Without the apiKey, the stored key is kept: still the same spec.
        patch(ACME_ADMIN, id, with(body, "weightsAndBiasesAuth", Map.of("serverUrl", "https://wandb.example.com",
                "enableUsageReports", false))).then().statusCode(200)
                .body("gateway.status.generation", is(1));
        // The same apiKey again is no change either.
        patch(ACME_ADMIN, id, body).then().statusCode(200).body("gateway.status.generation", is(1));
    }

    @Test
    void aRejectedUpdateChangesNothing() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        assertInvalid(patch(ACME_ADMIN, id, with(body, "name", "")), "name");
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.name", is(body.get("name")))
                .body("gateway.status.generation", is(1));
    }

    @Test
    void updateOfAnAbsentGatewayIsNotFound() {
        assertError(patch(ACME_ADMIN, UUID.randomUUID().toString(), spec()), 404, 5);
    }

    @Test
    void updateWithMatchingIfMatchSucceedsAndMismatchIsFailedPrecondition() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        Response refused = as(ACME_ADMIN).header("If-Match", "\"bogus\"").body(with(body, "name", uniqueName()))
                .patch(BASE + "/" + id);
        assertError(refused, 412, 9);
        get(ACME_ADMIN, id).then().body("gateway.spec.name", is(body.get("name")));

        // The ETag covers the whole gateway, status included, and the rollout changes the status as zones
        // converge: take the ETag of a settled (READY) gateway.
        String newName = uniqueName();
        String etag = settledEtag(ACME_ADMIN, id);
        Response accepted = as(ACME_ADMIN).header("If-Match", etag).body(with(body, "name", newName))
                .patch(BASE + "/" + id);
        accepted.then().statusCode(200).body("gateway.spec.name", is(newName))
                .header("ETag", not(is(etag)));
        // A list of tags matches when one of them is current.
        as(ACME_ADMIN).header("If-Match", "\"bogus\", " + settledEtag(ACME_ADMIN, id))
                .body(with(body, "name", uniqueName())).patch(BASE + "/" + id).then().statusCode(200);
    }

    @Test
    void staleEtagIsFailedPrecondition() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        String stale = etag(ACME_ADMIN, id);
        patch(ACME_ADMIN, id, with(body, "name", uniqueName())).then().statusCode(200);
        assertError(as(ACME_ADMIN).header("If-Match", stale).body(with(body, "name", uniqueName()))
                .patch(BASE + "/" + id), 412, 9);
    }

    @Test
    void concurrentUpdatesAreAllAppliedOneAfterTheOther() throws Exception {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String name = uniqueName();
                names.add(name);
                answers.add(pool.submit(() -> {
                    start.await();
                    return renamed(name, body, id);
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Response> answer : answers) {
                // The six PATCHes take the row's lock one after the other, each for milliseconds, far inside the lock
                // wait of 5 s (gateway.database.lock-timeout); the minute is a hang guard.
                Response response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                org.junit.jupiter.api.Assertions.assertEquals(200, response.statusCode(), response.asString());
            }
            // Last writer wins, and no write is lost: every change bumped the generation once.
            get(ACME_ADMIN, id).then().statusCode(200)
                    .body("gateway.status.generation", is(1 + writers))
                    .body("gateway.spec.name", is(in(names)));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Response renamed(String name, Map<String, Object> body, String id) {
        return patch(ACME_ADMIN, id, with(body, "name", name));
    }

    @Test
    void weightsAndBiasesToCoreWeaveAndBack() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        Map<String, Object> wandb = with(without(body, "coreWeaveAuth"), "weightsAndBiasesAuth",
                Map.of("apiKey", "k-" + UUID.randomUUID(), "enableRateLimiting", true));
        patch(ACME_ADMIN, id, wandb).then().statusCode(200)
                .body("gateway.spec", not(hasKey("coreWeaveAuth")))
                .body("gateway.spec.weightsAndBiasesAuth.enableRateLimiting", is(true))
                .body("gateway.status.generation", is(2));
        patch(ACME_ADMIN, id, body).then().statusCode(200)
                .body("gateway.spec", not(hasKey("weightsAndBiasesAuth")))
                .body("gateway.spec.coreWeaveAuth", anEmptyMap())
                .body("gateway.status.generation", is(3));
    }
}
