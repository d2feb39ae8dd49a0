package dev.inference.gateway.rollout.policy;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Progressive rollouts through the API against the real database and the simulated zones (test profile: a zone
 * converges in 50-70 ms; EU-SOUTH-03A refuses any gateway that carries "refused-in-eu", rollout.simulated.refusals).
 */
@QuarkusTest
class ProgressiveRolloutTest {
    static final List<String> FOUR = List.of("US-EAST-04A", "US-EAST-06A", "US-WEST-09B", "EU-SOUTH-03A");
    /**
     * How long a rollout may take to reach a phase: zones converge in 50-70 ms and are picked up at once (NOTIFY) or
     * within a 50 ms poll, bakes here last 2 s; 30 s leaves a margin of ten times on a slow, shared machine.
     */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int BAKE = 2;

    @Inject
    Pool pool;

    static Map<String, Object> policy(String failurePolicy, Map<String, Object>... waves) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("strategy", "ROLLOUT_STRATEGY_WAVES");
        policy.put("waves", List.of(waves));
        policy.put("failurePolicy", failurePolicy);
        return policy;
    }

    static Map<String, Object> wave(String name, List<String> zones, int bake, int concurrent) {
        return Map.of("name", name, "zones", zones, "bakeSeconds", bake, "maxConcurrentZones", concurrent);
    }

    static Map<String, Object> canaryThenRest(String failurePolicy) {
        return policy(failurePolicy, wave("canary", List.of("US-EAST-04A"), BAKE, 0), wave("rest", List.of("*"), 0, 0));
    }

    static JsonPath gateway(String id) {
        return get(ACME_ADMIN, id).then().statusCode(200).extract().jsonPath().setRootPath("gateway");
    }

    static JsonPath awaitPhase(String id, String phase) {
        return await().atMost(WAIT).until(() -> gateway(id), g -> phase.equals(g.getString("status.rollout.phase")));
    }

    static String createReady(Map<String, Object> spec) {
        String id = createdId(ACME_ADMIN, spec);
        awaitPhase(id, "ROLLOUT_PHASE_SUCCEEDED");
        return id;
    }

    static Map<String, Object> fourZones(Map<String, Object> policy) {
        return with(spec("zones", FOUR), "rolloutPolicy", policy);
    }

    @Test
    @Slow
    void theOtherZonesWaitForTheCanaryToBakeAndAFailureInTheSecondWaveRollsEveryZoneBack() {
        Map<String, Object> spec = fourZones(canaryThenRest(null));
        String id = createReady(spec);
        assertThat(gateway(id).getString("status.status")).isEqualTo("STATUS_READY");

        // Sample the rollout throughout: no zone but the canary takes revision 2 before the canary baked.
        List<JsonPath> samples = new CopyOnWriteArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                samples.add(gateway(id));
            }
        });
        sampler.start();
        Map<String, Object> refused = with(spec, "name", "x-refused-in-eu");
        patch(ACME_ADMIN, id, refused).then().statusCode(200).body("gateway.status.rollout.revision", org.hamcrest
                .Matchers.is(2));
        JsonPath rolledBack = awaitPhase(id, "ROLLOUT_PHASE_ROLLED_BACK");
        sampling.set(false);
        join(sampler);

        Instant canaryServed = null;
        Instant restTargeted = null;
        for (JsonPath sample : samples) {
            Instant at = Instant.parse(sample.getString("status.rollout.updatedAt"));
            for (Map<String, Object> zone : sample.<Map<String, Object>>getList("status.rollout.zones")) {
                long target = ((Number) zone.get("targetRevision")).longValue();
                long serving = ((Number) zone.get("servingRevision")).longValue();
                if ("US-EAST-04A".equals(zone.get("zone")) && serving == 2 && canaryServed == null) {
                    canaryServed = at;
                }
                if (!"US-EAST-04A".equals(zone.get("zone")) && target == 2 && restTargeted == null) {
                    restTargeted = at;
                    assertThat(canaryServed).as("the canary served revision 2 before any other zone took it")
                            .isNotNull();
                }
            }
        }
        assertThat(restTargeted).isNotNull();
        assertThat(Duration.between(canaryServed, restTargeted)).as("the bake between the canary and the rest")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(BAKE).minusMillis(100));

        // The failure in the second wave: every zone back on revision 1, the user's spec kept, the gateway FAILED.
        JsonPath settled = await().atMost(WAIT).until(() -> gateway(id), g -> g.<Integer>getList(
                "status.rollout.zones.servingRevision").stream().allMatch(r -> r == 1));
        assertThat(settled.getString("status.status")).isEqualTo("STATUS_FAILED");
        assertThat(settled.getString("spec.name")).isEqualTo("x-refused-in-eu");
        assertThat(settled.getList("status.rollout.zones.targetRevision", Integer.class)).containsOnly(1);
        assertThat(rolledBack.getInt("status.rollout.stableRevision")).isEqualTo(1);
        Map<String, Object> progressing = settled.getMap("status.conditions.find { it.type == 'Progressing' }");
        assertThat(progressing).containsEntry("status", "False").containsEntry("reason", "RolledBack");
        JsonPath revisions = revisions(id);
        assertThat(revisions.getInt("items[0].revision")).isEqualTo(2);
        assertThat(revisions.getString("items[0].outcome")).isEqualTo("REVISION_OUTCOME_ROLLED_BACK");
        assertThat(revisions.getString("items[1].outcome")).isEqualTo("REVISION_OUTCOME_SUCCEEDED");
    }

    @Test
    void maxConcurrentZonesIsNeverExceeded() {
        Map<String, Object> policy = policy(null, wave("one-by-one", List.of("*"), 0, 1));
        String id = createdId(ACME_ADMIN, fourZones(policy));
        int most = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath g = gateway(id);
        while (!"ROLLOUT_PHASE_SUCCEEDED".equals(g.getString("status.rollout.phase")) && System.nanoTime() < deadline) {
            int applying = 0;
            for (Map<String, Object> zone : g.<Map<String, Object>>getList("status.rollout.zones")) {
                if (((Number) zone.get("targetRevision")).longValue() == 1
                        && ((Number) zone.get("servingRevision")).longValue() != 1) {
                    applying++;
                }
            }
            most = Math.max(most, applying);
            g = gateway(id);
        }
        assertThat(g.getString("status.rollout.phase")).isEqualTo("ROLLOUT_PHASE_SUCCEEDED");
        assertThat(most).as("zones applying at once").isEqualTo(1);
        // the first answer that says SUCCEEDED for revision 1 already has every zone serving it
        assertThat(g.getInt("status.rollout.revision")).isEqualTo(1);
        assertThat(g.getList("status.rollout.zones.servingRevision", Integer.class)).hasSize(4).containsOnly(1);
    }

    @Test
    void aWatchSeesEveryPhaseOfARollout() throws Exception {
        String from = as(ACME_ADMIN).get(BASE + "?pageSize=1").then().statusCode(200).extract().path("resourceVersion");
        java.net.http.HttpResponse<java.util.stream.Stream<String>> watch = java.net.http.HttpClient.newHttpClient()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                        + io.restassured.RestAssured.port + BASE + "?watch=true&resourceVersion=" + from))
                        .header("Authorization", "Bearer " + ACME_ADMIN).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        String id = createdId(ACME_ADMIN, fourZones(canaryThenRest(null)));
        List<String> phases = new ArrayList<>();
        try (java.util.stream.Stream<String> lines = watch.body()) {
            java.util.Iterator<String> events = lines.iterator();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && !phases.contains("ROLLOUT_PHASE_SUCCEEDED") && events.hasNext()) {
                JsonPath event = JsonPath.from(events.next());
                if (id.equals(event.getString("gateway.spec.id"))) {
                    String phase = event.getString("gateway.status.rollout.phase");
                    if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                        phases.add(phase);
                    }
                }
            }
        }
        assertThat(phases).containsExactly("ROLLOUT_PHASE_PROGRESSING", "ROLLOUT_PHASE_BAKING",
                "ROLLOUT_PHASE_PROGRESSING", "ROLLOUT_PHASE_SUCCEEDED");
    }

    @Test
    void pauseFreezesTheBakeResumeContinuesAndAbortReturnsToTheStableRevision() {
        Map<String, Object> policy = policy(null, wave("canary", List.of("US-EAST-04A"), 30, 0),
                wave("rest", List.of("*"), 0, 0));
        Map<String, Object> spec = fourZones(policy);
        String id = createdId(ACME_ADMIN, spec);
        JsonPath baking = awaitPhase(id, "ROLLOUT_PHASE_BAKING");
        // actions need the admin role, the caller's organization, and a matching If-Match
        action(ACME_VIEWER, id, "pauseRollout", null).then().statusCode(403);
        assertError(action(GLOBEX_ADMIN, id, "pauseRollout", null), 404, 5);
        assertError(action(ACME_ADMIN, id, "pauseRollout", "\"0\""), 412, 9);

        Response paused = action(ACME_ADMIN, id, "pauseRollout", etag(ACME_ADMIN, id));
        paused.then().statusCode(200).body("gateway.status.rollout.phase", org.hamcrest.Matchers
                .is("ROLLOUT_PHASE_PAUSED")).body("gateway.status.rollout.pauseReason", org.hamcrest.Matchers
                .is("USER"));
        assertThat(paused.jsonPath().getString("gateway.status.rollout.waves[0].bakeUntil")).isNull();
        Response again = action(ACME_ADMIN, id, "pauseRollout", null);
        assertError(again, 400, 9);
        assertThat(again.jsonPath().getString("message")).contains("ROLLOUT_PHASE_PAUSED");

        Instant resumedAt = Instant.now();
        JsonPath resumed = action(ACME_ADMIN, id, "resumeRollout", null).then().statusCode(200).extract()
                .jsonPath().setRootPath("gateway.status.rollout");
        assertThat(resumed.getString("phase")).isEqualTo("ROLLOUT_PHASE_BAKING");
        Instant bakeUntil = Instant.parse(resumed.getString("waves[0].bakeUntil"));
        Instant before = Instant.parse(baking.getString("status.rollout.waves[0].bakeUntil"));
        assertThat(bakeUntil).as("the bake continued with what was left, later than it would have ended")
                .isAfter(before).isBefore(resumedAt.plusSeconds(31));

        JsonPath aborted = action(ACME_ADMIN, id, "abortRollout", null).then().statusCode(200).extract()
                .jsonPath().setRootPath("gateway");
        assertThat(aborted.getString("status.rollout.phase")).isEqualTo("ROLLOUT_PHASE_ABORTED");
        assertError(action(ACME_ADMIN, id, "abortRollout", null), 400, 9);
        // created with the policy: there is no stable revision to return to, so the zones stay as they are
        assertThat(aborted.getString("status.rollout.message")).contains("no stable revision");
        assertThat(aborted.getString("status.status")).isEqualTo("STATUS_FAILED");
    }

    @Test
    @Slow
    void underThePausePolicyAFailedZoneWaitsForAPersonAndAbortReturnsEveryZone() {
        Map<String, Object> spec = fourZones(canaryThenRest("FAILURE_POLICY_PAUSE"));
        String id = createReady(spec);
        patch(ACME_ADMIN, id, with(spec, "name", "p-refused-in-eu")).then().statusCode(200);
        JsonPath paused = awaitPhase(id, "ROLLOUT_PHASE_PAUSED");
        assertThat(paused.getString("status.rollout.pauseReason")).isEqualTo("FAILURE");
        assertThat(paused.getString("status.status")).isEqualTo("STATUS_ERROR");
        assertThat(revisions(id).getString("items[0].outcome")).isEqualTo("REVISION_OUTCOME_PAUSED");
        // resume retries the failed zone, which refuses again: paused again
        action(ACME_ADMIN, id, "resumeRollout", null).then().statusCode(200);
        await().atMost(WAIT).until(() -> gateway(id), g -> "ROLLOUT_PHASE_PAUSED".equals(
                g.getString("status.rollout.phase")) && g.getInt("status.rollout.zones.find { it.zone == "
                        + "'EU-SOUTH-03A' }.attempts") >= 1);
        action(ACME_ADMIN, id, "abortRollout", null).then().statusCode(200);
        JsonPath back = await().atMost(WAIT).until(() -> gateway(id), g -> g.<Integer>getList(
                "status.rollout.zones.servingRevision").stream().allMatch(r -> r == 1)
                && g.<Integer>getList("status.rollout.zones.targetRevision").stream().allMatch(r -> r == 1));
        assertThat(back.getString("status.rollout.phase")).isEqualTo("ROLLOUT_PHASE_ABORTED");
        assertThat(revisions(id).getString("items[0].outcome")).isEqualTo("REVISION_OUTCOME_ABORTED");
    }

    @Test
    void rollbackMakesANewRevisionOfAnEarlierSpecWithItsSecretAsItWas() {
        Map<String, Object> spec = with(without(spec("zones", FOUR), "coreWeaveAuth"), "weightsAndBiasesAuth",
                Map.of("apiKey", "key-one"));
        String id = createReady(spec);
        String first = gateway(id).getString("spec.name");
        patch(ACME_ADMIN, id, with(with(spec, "name", "second"), "weightsAndBiasesAuth", Map.of("apiKey",
                "key-two"))).then().statusCode(200);
        awaitPhase(id, "ROLLOUT_PHASE_SUCCEEDED");
        assertThat(sealedKeyOf(id)).isNotNull();

        JsonPath rolled = rollback(id, "{\"revision\": 1}").then().statusCode(200).extract().jsonPath()
                .setRootPath("gateway");
        assertThat(rolled.getInt("status.rollout.revision")).isEqualTo(3);
        assertThat(rolled.getString("spec.name")).isEqualTo(first);
        assertThat(rolled.getInt("status.generation")).isEqualTo(3);
        JsonPath done = awaitPhase(id, "ROLLOUT_PHASE_SUCCEEDED");
        assertThat(done.getString("status.status")).isEqualTo("STATUS_READY");
        assertThat(done.getInt("status.rollout.stableRevision")).isEqualTo(3);
        assertThat(done.getList("status.rollout.waves")).as("a rollback goes to all zones at once").hasSize(1);
        // the secret of revision 1 is the gateway's again, and revision 3 keeps it
        assertThat(sealedKeyOf(id)).isEqualTo(sealedKeyOf(id, 1)).isEqualTo(sealedKeyOf(id, 3))
                .isNotEqualTo(sealedKeyOf(id, 2));

        // without a body: the stable revision, or the one before it when the newest is the stable one (2)
        rollback(id, "").then().statusCode(200).body("gateway.status.rollout.revision", org.hamcrest.Matchers.is(4))
                .body("gateway.spec.name", org.hamcrest.Matchers.is("second"));
        assertInvalid(rollback(id, "{\"revision\": 99}"), "revision");
        assertInvalid(rollback(id, "{\"revision\": \"x\"}"), "revision");
        rollback(id, "{}").then().statusCode(200); // {} is no body: the default
    }

    @Test
    void theRolloutPolicyIsTerraformSafe() {
        Map<String, Object> policy = canaryThenRest(null);
        Map<String, Object> spec = fourZones(policy);
        String id = createReady(spec);
        // a full PATCH without rolloutPolicy keeps the stored one
        patch(ACME_ADMIN, id, with(spec, "rolloutPolicy", null)).then().statusCode(200);
        JsonPath kept = gateway(id);
        assertThat(kept.getString("spec.rolloutPolicy.strategy")).isEqualTo("ROLLOUT_STRATEGY_WAVES");
        assertThat(kept.getInt("status.generation")).isEqualTo(1);
        // the policy alone: stored, no revision, no rollout, no new generation
        Map<String, Object> slower = policy(null, wave("canary", List.of("US-EAST-04A"), 9, 0),
                wave("rest", List.of("*"), 0, 0));
        String etag = etag(ACME_ADMIN, id);
        Response changed = patch(ACME_ADMIN, id, with(spec, "rolloutPolicy", slower));
        changed.then().statusCode(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        JsonPath after = gateway(id);
        assertThat(after.getInt("spec.rolloutPolicy.waves[0].bakeSeconds")).isEqualTo(9);
        assertThat(after.getInt("status.generation")).isEqualTo(1);
        assertThat(after.getInt("status.rollout.revision")).isEqualTo(1);
        assertThat(revisions(id).getList("items")).hasSize(1);
        // a merge patch with null removes it
        mergePatch(ACME_ADMIN, id, "{\"rolloutPolicy\": null}").then().statusCode(200);
        assertThat(gateway(id).getMap("spec")).doesNotContainKey("rolloutPolicy");
        assertThat(revisions(id).getList("items")).hasSize(1);
    }

    @Test
    void withoutAPolicyEveryZoneStartsTogetherAndTheRolloutIsOneWave() throws Exception {
        String id = createdId(ACME_ADMIN, spec("zones", FOUR));
        JsonPath done = awaitPhase(id, "ROLLOUT_PHASE_SUCCEEDED");
        assertThat(done.getList("status.rollout.waves.name")).containsExactly("all");
        assertThat(done.getList("status.conditions.type")).as("no Progressing condition without a policy")
                .containsOnly("Ready");
        List<Object> firstApplies = new ArrayList<>();
        pool.preparedQuery("SELECT applied_at FROM gateway_zone WHERE gateway_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.util.UUID.fromString(id)))
                .await().atMost(Duration.ofSeconds(10)).forEach(row -> firstApplies.add(row.getValue(0)));
        assertThat(firstApplies).hasSize(4).as("claimed in one pass").containsOnly(firstApplies.get(0));
    }

    @Test
    void revisionsAreKeptToTheLimitBesidesTheCurrentAndTheStableOneAndArePaged() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("revisionHistoryLimit", 2);
        Map<String, Object> spec = with(spec(), "rolloutPolicy", policy);
        String id = createReady(spec);
        for (int i = 0; i < 5; i++) {
            patch(ACME_ADMIN, id, with(spec, "name", "v" + i)).then().statusCode(200);
        }
        awaitPhase(id, "ROLLOUT_PHASE_SUCCEEDED");
        List<Integer> kept = revisions(id).getList("items.revision", Integer.class);
        // the current one and the limit (2) before it; and the revision that was stable when the newest was made
        // (1, unless a rollout in between finished before the next change), kept whatever the limit
        assertThat(kept.subList(0, 3)).containsExactly(6, 5, 4);
        assertThat(kept).hasSizeLessThanOrEqualTo(4);
        JsonPath page = as(ACME_ADMIN).queryParam("pageSize", 2).get(BASE + "/" + id + "/revisions").then()
                .statusCode(200).extract().jsonPath();
        assertThat(page.getList("items.revision", Integer.class)).containsExactly(6, 5);
        JsonPath second = as(ACME_VIEWER).queryParam("pageSize", 2).queryParam("pageToken",
                page.getString("nextPageToken")).get(BASE + "/" + id + "/revisions").then().statusCode(200)
                .extract().jsonPath();
        assertThat(second.getList("items.revision", Integer.class)).isEqualTo(kept.subList(2, kept.size()));
        assertThat(second.getString("nextPageToken")).isNull();
        assertThat(second.getString("items[0].spec.organizationId")).isEqualTo("acme");
        assertError(as(GLOBEX_ADMIN).get(BASE + "/" + id + "/revisions"), 404, 5);
    }

    @Test
    void aBadPolicyIsOneViolationPerRule() {
        Map<String, Object> policy = policy(null, wave("canary", List.of("US-EAST-04A", "EU-NOWHERE"), 0, 0));
        assertInvalid(create(ACME_ADMIN, fourZones(policy)), "rolloutPolicy.waves[0].zones[1]",
                "rolloutPolicy.waves");
        assertInvalid(create(ACME_ADMIN, fourZones(Map.of("strategy", 7))), "rolloutPolicy.strategy");
    }

    /** A custom method; the colon is sent percent-encoded, as REST Assured (and some other clients) send it. */
    static Response action(String token, String id, String verb, String ifMatch) {
        var request = as(token);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.post(BASE + "/" + id + ":" + verb);
    }

    /** A custom method with the colon as it is (curl's way). */
    static Response rollback(String id, String body) {
        return as(ACME_ADMIN).urlEncodingEnabled(false).body(body).post(BASE + "/" + id + ":rollback");
    }

    static JsonPath revisions(String id) {
        return as(ACME_ADMIN).get(BASE + "/" + id + "/revisions").then().statusCode(200).extract().jsonPath();
    }

    /** The sealed apiKey the gateway holds now (a fresh nonce per seal: equal bytes are one seal copied). */
    String sealedKeyOf(String id) {
        return pool.preparedQuery("SELECT encode(sealed, 'hex') FROM gateway_secret WHERE gateway_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.util.UUID.fromString(id)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
    }

    String sealedKeyOf(String id, long revision) {
        return pool.preparedQuery("SELECT encode(sealed, 'hex') FROM gateway_revision WHERE gateway_id = $1 "
                        + "AND revision = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.util.UUID.fromString(id), revision))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
    }

    private static void join(Thread thread) {
        try {
            thread.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
