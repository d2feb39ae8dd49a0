package dev.inference.gateway.rollout;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.persistence.ZoneClaims;
import dev.inference.gateway.support.SecondWorker;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The zone rollout end to end: the API, the workers, the simulated driver and PostgreSQL. */
@QuarkusTest
class RolloutTest {
    /**
     * How long one gateway may take to reach a status. Every zone step is a simulated zone of 50-70 ms (test profile:
     * rollout.simulated.latency=50ms, jitter 20ms), claimed at once or within the worker's 50 ms poll. The slowest
     * case, a zone failing all of its 4 attempts (rollout.retry.max-attempts=4) with back-offs of at most 100, 200 and
     * 400 ms in between (rollout.retry.initial=100ms, max=400ms), is FAILED after about 1 s. 20 s is a margin of 20x
     * over that and far more over the rest.
     */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    ZoneDriver driver;

    @Inject
    ZoneClaims claims;

    @Inject
    ZoneReconciler reconciler;

    @Inject
    RolloutConfig config;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /** The test profile's driver: the simulated one with fault injection and counters (FaultInjectingZoneDriverProducer). */
    FaultInjectingZoneDriver simulated() {
        return (FaultInjectingZoneDriver) driver;
    }

    static JsonPath get(String id) {
        return as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitStatus(String id, String status) {
        return await().atMost(WAIT).until(() -> get(id), g -> status.equals(g.getString("gateway.status.status")));
    }

    @Test
    void createConvergesEveryZoneThenIsReadyWithEndpoints() {
        String body = """
                {"name": "rollout-create", "zones": ["US-EAST-04A", "us-west-09b"], "coreWeaveAuth": {},
                 "pathBasedRouting": {}, "endpointConfiguration": {"additionalDns": ["chat-rollout.example.org"]}}""";
        JsonPath created = create(ACME_ADMIN, body).then().statusCode(200).extract().jsonPath();
        String id = created.getString("gateway.spec.id");
        assertThat(created.getString("gateway.status.status")).isEqualTo("STATUS_CREATING");
        assertThat(created.getList("gateway.status.conditions.status")).containsOnly("Unknown");

        JsonPath ready = awaitStatus(id, "STATUS_READY");
        assertThat(ready.getList("gateway.status.conditions.zone")).containsExactly("US-EAST-04A", "US-WEST-09B");
        assertThat(ready.getList("gateway.status.conditions.status")).containsOnly("True");
        assertThat(ready.getList("gateway.status.conditions.reason")).containsOnly("Converged");
        assertThat(ready.getList("gateway.status.conditions.observedGeneration", Integer.class)).containsOnly(1);
        assertThat(ready.getList("gateway.status.endpoints")).containsExactly(
                "https://" + id + ".us-east-04a.inference.example.com",
                "https://" + id + ".us-west-09b.inference.example.com",
                "https://chat-rollout.example.org");
        UUID uuid = UUID.fromString(id);
        assertThat(simulated().served(uuid, "US-EAST-04A")).isEqualTo(1L);
        assertThat(simulated().applyCount(uuid, "US-WEST-09B", 1)).isEqualTo(1);
    }

    @Test
    void updateOfZonesAddsOneTearsDownTheOtherAndEndsReady() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\", \"US-EAST-06A\"]"));
        awaitStatus(id, "STATUS_READY");
        UUID uuid = UUID.fromString(id);
        assertThat(simulated().served(uuid, "US-EAST-06A")).isEqualTo(1L);

        JsonPath updated = as(ACME_ADMIN).body("""
                {"name": "rollout-update", "zones": ["US-EAST-04A", "EU-SOUTH-03A"], "coreWeaveAuth": {},
                 "bodyBasedRouting": {"apiType": "API_TYPE_OPENAI"}}""")
                .patch(BASE + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(updated.getLong("gateway.status.generation")).isEqualTo(2);
        assertThat(updated.getString("gateway.status.status")).isEqualTo("STATUS_UPDATING");

        JsonPath ready = awaitStatus(id, "STATUS_READY");
        assertThat(ready.getList("gateway.status.conditions.zone")).containsExactly("US-EAST-04A", "EU-SOUTH-03A");
        assertThat(ready.getList("gateway.status.conditions.observedGeneration", Integer.class)).containsOnly(2);
        assertThat(simulated().served(uuid, "US-EAST-06A")).as("removed zone torn down").isNull();
        assertThat(simulated().served(uuid, "EU-SOUTH-03A")).isEqualTo(2L);
        assertThat(ready.getList("gateway.status.endpoints")).hasSize(2)
                .noneMatch(e -> e.toString().contains("us-east-06a"));
    }

    @Test
    void anUpdateSupersedesTheOneInFlight() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\", \"US-WEST-09B\", \"EU-SOUTH-03A\"]"));
        for (int i = 0; i < 3; i++) {
            as(ACME_ADMIN).contentType("application/merge-patch+json").body("{\"name\": \"superseding-" + i + "\"}")
                    .patch(BASE + "/" + id).then().statusCode(200);
        }
        JsonPath ready = awaitStatus(id, "STATUS_READY");
        assertThat(ready.getLong("gateway.status.generation")).isEqualTo(4);
        assertThat(ready.getString("gateway.spec.name")).isEqualTo("superseding-2");
        assertThat(ready.getList("gateway.status.conditions.observedGeneration", Integer.class)).containsOnly(4);
        UUID uuid = UUID.fromString(id);
        for (String zone : List.of("US-EAST-04A", "US-WEST-09B", "EU-SOUTH-03A")) {
            assertThat(simulated().served(uuid, zone)).isEqualTo(4L);
            assertThat(simulated().applyCount(uuid, zone, 4)).isEqualTo(1);
        }
    }

    @Test
    void aFailingZoneShowsErrorThenRecovers() {
        UUID id = UUID.randomUUID();
        // ERROR shows only while the zone retries, and the test must poll it in that time: with 2 failures it lasted
        // 0.33 s (back-offs of 50-100 and 100-200 ms, two 50-70 ms attempts), a few of Awaitility's 100 ms polls, fewer
        // on a slow day when each poll's request takes longer. 3 failures (of the 4 attempts allowed) add a back-off of
        // 200-400 ms and an attempt: 0.5-1 s (1.0 s measured on a loaded 2-core machine).
        simulated().failNextApplies(id, "US-EAST-06A", 3);
        create(ACME_ADMIN, withId(id, body("[\"US-EAST-04A\", \"US-EAST-06A\"]"))).then().statusCode(200);

        JsonPath error = awaitStatus(id.toString(), "STATUS_ERROR");
        Map<String, Object> failing = condition(error, "US-EAST-06A");
        assertThat(failing).containsEntry("status", "False").containsEntry("reason", "RetryingAfterError");
        assertThat((String) failing.get("message")).contains("Attempt").contains("injected failure")
                .contains("Next attempt at");

        JsonPath ready = awaitStatus(id.toString(), "STATUS_READY");
        assertThat(condition(ready, "US-EAST-06A")).containsEntry("status", "True").containsEntry("reason",
                "Converged");
    }

    @Test
    void aZoneOutOfAttemptsFailsAndALaterUpdateRecoversIt() {
        UUID id = UUID.randomUUID();
        simulated().failNextApplies(id, "US-WEST-09B", 1_000);
        create(ACME_ADMIN, withId(id, body("[\"US-WEST-09B\"]"))).then().statusCode(200);

        JsonPath failed = awaitStatus(id.toString(), "STATUS_FAILED");
        Map<String, Object> condition = condition(failed, "US-WEST-09B");
        assertThat(condition).containsEntry("status", "False").containsEntry("reason", "RolloutFailed");
        assertThat((String) condition.get("message")).contains("after " + config.retry().maxAttempts() + " attempts");
        assertThat(simulated().applyCount(id, "US-WEST-09B", 1)).isEqualTo(config.retry().maxAttempts());

        simulated().failNextApplies(id, "US-WEST-09B", 0);
        as(ACME_ADMIN).contentType("application/merge-patch+json").body("{\"name\": \"recovered\"}")
                .patch(BASE + "/" + id).then().statusCode(200)
                .body("gateway.status.status", is("STATUS_UPDATING"));
        JsonPath ready = awaitStatus(id.toString(), "STATUS_READY");
        assertThat(ready.getLong("gateway.status.generation")).isEqualTo(2);
    }

    @Test
    void deleteShowsDeletingUntilEveryZoneIsTornDownThenTheGatewayIsGone() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\", \"EU-SOUTH-03A\"]"));
        awaitStatus(id, "STATUS_READY");
        as(ACME_ADMIN).delete(BASE + "/" + id).then().statusCode(200)
                .body("gateway.status.status", is("STATUS_DELETING"))
                .body("gateway.status.conditions.reason", everyItem(is("Deleting")))
                .body("gateway.status.endpoints", empty());
        await().atMost(WAIT).untilAsserted(() -> as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(404)
                .body("code", is(5)));
        UUID uuid = UUID.fromString(id);
        assertThat(simulated().served(uuid, "US-EAST-04A")).isNull();
        assertThat(simulated().served(uuid, "EU-SOUTH-03A")).isNull();
        as(ACME_ADMIN).delete(BASE + "/" + id).then().statusCode(404);
        as(ACME_ADMIN).body(body("[]")).patch(BASE + "/" + id).then().statusCode(404);
    }

    @Test
    void aGatewayBeingDeletedRefusesUpdatesAndDeletingAgainAnswersItsState() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-06A\"]"));
        awaitStatus(id, "STATUS_READY");
        UUID uuid = UUID.fromString(id);
        simulated().failNextApplies(uuid, "US-EAST-06A", 1_000); // the teardown keeps failing
        as(ACME_ADMIN).delete(BASE + "/" + id).then().statusCode(200)
                .body("gateway.status.status", is("STATUS_DELETING"));

        as(ACME_ADMIN).body(body("[]")).patch(BASE + "/" + id).then().statusCode(409).body("code", is(9));
        as(ACME_ADMIN).contentType("application/merge-patch+json").body("{\"name\": \"late\"}")
                .patch(BASE + "/" + id).then().statusCode(409).body("code", is(9));
        as(ACME_ADMIN).delete(BASE + "/" + id).then().statusCode(200)
                .body("gateway.status.status", is("STATUS_DELETING"));
        JsonPath deleting = await().atMost(WAIT).until(() -> get(id),
                g -> condition(g, "US-EAST-06A").get("message").toString().contains("Tearing down"));
        assertThat(deleting.getString("gateway.status.status")).isEqualTo("STATUS_DELETING");

        simulated().failNextApplies(uuid, "US-EAST-06A", 0);
        await().atMost(WAIT).untilAsserted(() -> as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(404));
    }

    @Test
    void aDeleteWinsOverACreateInFlight() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\", \"US-EAST-06A\", \"US-WEST-09B\"]"));
        as(ACME_ADMIN).delete(BASE + "/" + id).then().statusCode(200)
                .body("gateway.status.status", is("STATUS_DELETING"));
        await().atMost(WAIT).untilAsserted(() -> {
            var response = as(ACME_ADMIN).get(BASE + "/" + id);
            assertThat(response.statusCode()).isEqualTo(404);
        });
        UUID uuid = UUID.fromString(id);
        for (String zone : List.of("US-EAST-04A", "US-EAST-06A", "US-WEST-09B")) {
            assertThat(simulated().served(uuid, zone)).as(zone).isNull();
        }
    }

    @Test
    @Slow
    void twoWorkersOnOneDatabaseNeverWorkOnTheSameZoneAndAllConverge() throws Exception {
        SecondWorker second = new SecondWorker("test-second-worker", claims, reconciler, config);
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                ids.add(createdId(ACME_ADMIN, body("[\"US-EAST-04A\", \"US-WEST-09B\", \"EU-SOUTH-03A\"]")));
            }
            // Spec changes land while both workers claim and apply: the API rewrites zone rows that a worker
            // may just have leased, and must never drop that lease.
            for (int round = 0; round < 2; round++) {
                for (String id : ids) {
                    as(ACME_ADMIN).contentType("application/merge-patch+json")
                            .body("{\"name\": \"two-workers-" + round + "\"}").patch(BASE + "/" + id)
                            .then().statusCode(200);
                }
            }
            for (String id : ids) {
                awaitStatus(id, "STATUS_READY");
            }
        } finally {
            second.close();
        }
        for (String id : ids) {
            assertThat(get(id).getLong("gateway.status.generation")).isEqualTo(3);
            for (String zone : List.of("US-EAST-04A", "US-WEST-09B", "EU-SOUTH-03A")) {
                UUID uuid = UUID.fromString(id);
                for (long generation = 1; generation <= 2; generation++) {
                    assertThat(simulated().applyCount(uuid, zone, generation)).as(id + " " + zone).isLessThanOrEqualTo(1);
                }
                assertThat(simulated().applyCount(uuid, zone, 3)).as(id + " " + zone).isEqualTo(1);
                assertThat(simulated().served(uuid, zone)).isEqualTo(3L);
            }
        }
        assertThat(simulated().overlappingApplies()).isZero();
        assertThat(second.claimed()).as("the second worker took part").isPositive();
    }

    @Test
    void rolloutMetricsAreExposed() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\"]"));
        awaitStatus(id, "STATUS_READY");
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rollout_zone_steps_total{result=\"converged\"")
                .contains("rollout_zone_convergence_seconds");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> condition(JsonPath gateway, String zone) {
        List<Map<String, Object>> conditions = gateway.getList("gateway.status.conditions");
        return conditions.stream().filter(c -> zone.equals(c.get("zone"))).findFirst().orElseThrow();
    }

    /**
     * A claim can read a zone's new target revision (the row, locked after the change committed) in a snapshot taken
     * before that revision was stored: no spec. Seen under concurrent PATCHes (WatchTest), where such a zone failed
     * its rollout at once with no error. Such a step records nothing: the zone stays due and converges.
     */
    @Test
    void aClaimThatReadNoSpecLooksAgainInsteadOfFailingTheZone() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\"]"));
        awaitStatus(id, "STATUS_READY");
        UUID gateway = UUID.fromString(id);
        String owner = "test-claim-without-spec";
        io.vertx.mutiny.sqlclient.Row row = pool.preparedQuery("UPDATE gateway_zone SET lease_owner = $2, "
                        + "lease_expires_at = now() + interval '1 minute', next_attempt_at = now() "
                        + "WHERE gateway_id = $1 AND zone = 'US-EAST-04A' "
                        + "RETURNING apply_token, target_revision, desired_generation")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(gateway, owner))
                .await().atMost(Duration.ofSeconds(5)) // milliseconds; a hang guard
                .iterator().next();
        ZoneClaims.Claim claim = new ZoneClaims.Claim(gateway, "US-EAST-04A", true, row.getLong(0), 0, "acme", null,
                java.time.Instant.now(), false, row.getLong(1), row.getLong(2), List.of());

        List<StepResult> results = reconciler.step(List.of(claim), owner).await().atMost(Duration.ofSeconds(10));

        assertThat(results).containsExactly(StepResult.SUPERSEDED);
        // the lease is given back and the zone is still due: the service's own worker applies it again
        JsonPath ready = awaitStatus(id, "STATUS_READY");
        assertThat(ready.getList("gateway.status.conditions.reason", String.class)).doesNotContain("RolloutFailed");
    }

    static String withId(UUID id, String body) {
        return body.replaceFirst("\\{", "{\"id\": \"" + id + "\", ");
    }
}
