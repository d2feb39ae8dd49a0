package dev.inference.gateway.audit;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.inference.gateway.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit trail: one event per write, action and refused request, in the transaction of what it records, with the
 * actor and what changed, secrets only as fingerprints, chained by SHA-256 per organization; append-only, kept for
 * the retention, read by page or exported.
 */
@QuarkusTest
class AuditTest {
    static final String EVENTS = "/v1alpha1/inference/auditEvents";
    static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    static final Duration DB = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    static String organization() {
        return "audit-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonPath events(String token, String query) {
        return as(token).get(EVENTS + query).then().statusCode(200).extract().jsonPath();
    }

    static List<String> export(String token, String query) {
        String body = as(token).header("Accept", "application/x-ndjson").get(EVENTS + query).then().statusCode(200)
                .contentType(startsWith("application/x-ndjson")).extract().asString();
        return body.lines().filter(line -> !line.isBlank()).toList();
    }

    @Test
    void everyWriteIsRecordedWithItsActorAndWhatChanged() {
        String org = organization();
        String ann = TestTokens.token(org, "ann", TestTokens.ADMIN);
        String key = "wandb-secret-" + UUID.randomUUID();
        Map<String, Object> body = with(without(spec(), "coreWeaveAuth"), "weightsAndBiasesAuth",
                Map.of("apiKey", key));
        Response created = as(ann).header("X-Request-Id", "req-create-1").header("User-Agent", "audit-test/1")
                .body(body).post(BASE);
        created.then().statusCode(200);
        String id = created.path("gateway.spec.id");
        String renamed = uniqueName();
        mergePatch(ann, id, "{\"name\": \"" + renamed + "\"}").then().statusCode(200);
        delete(ann, id).then().statusCode(200);

        JsonPath page = events(ann, "?gatewayId=" + id);
        assertThat(page.getList("items.action")).containsExactly("gateways.delete", "gateways.update",
                "gateways.create");
        assertThat(page.getList("items.sequence", Integer.class)).containsExactly(3, 2, 1);
        JsonPath create = new JsonPath(page.prettify()).setRootPath("items[2]");
        assertThat(create.getString("requestId")).isEqualTo("req-create-1");
        assertThat(create.getString("actor.subject")).isEqualTo("ann");
        assertThat(create.getString("actor.issuer")).isEqualTo("https://idp.test.example/");
        assertThat(create.getString("actor.authMethod")).isEqualTo("jwt");
        assertThat(create.getList("actor.roles")).containsExactly("admin");
        assertThat(create.getString("source.userAgent")).isEqualTo("audit-test/1");
        assertThat(create.getString("source.ip")).isNotBlank();
        assertThat(create.getString("resource.type")).isEqualTo("gateway");
        assertThat(create.getString("resource.id")).isEqualTo(id);
        assertThat(create.getInt("outcome.httpStatus")).isEqualTo(200);
        assertThat(create.getInt("generationAfter")).isEqualTo(1);
        assertThat(create.getString("specAfter.weightsAndBiasesAuth.apiKey")).matches("sha256:[0-9a-f]{12}");
        assertThat(create.getString("time")).matches(RFC3339_UTC);
        JsonPath update = new JsonPath(page.prettify()).setRootPath("items[1]");
        assertThat(update.getInt("generationBefore")).isEqualTo(1);
        assertThat(update.getInt("generationAfter")).isEqualTo(2);
        assertThat(update.getString("specBefore.name")).isEqualTo(body.get("name"));
        assertThat(update.getString("specAfter.name")).isEqualTo(renamed);
        assertThat(update.getString("specAfter.weightsAndBiasesAuth.apiKey"))
                .as("the same key, the same fingerprint")
                .isEqualTo(create.getString("specAfter.weightsAndBiasesAuth.apiKey"));
        JsonPath deleted = new JsonPath(page.prettify()).setRootPath("items[0]");
        assertThat(deleted.getString("specBefore.name")).isEqualTo(renamed);
        assertThat(deleted.getInt("generationAfter")).isEqualTo(3);
        // the secret itself is nowhere
        assertThat(String.join("\n", export(ann, ""))).doesNotContain(key);
        assertThat(pool.query("SELECT count(*) FROM audit_event WHERE body LIKE '%" + key + "%'").execute()
                .await().atMost(DB).iterator().next().getLong(0)).isZero();
    }

    @Test
    void rolloutActionsAreRecordedToo() {
        String org = organization();
        String admin = TestTokens.token(org, "ann", TestTokens.ADMIN);
        String id = createdId(admin);
        String first = get(admin, id).path("gateway.spec.name");
        mergePatch(admin, id, "{\"name\": \"" + uniqueName() + "\"}").then().statusCode(200);
        settledEtag(admin, id);
        as(admin).body("{\"revision\": 1}").post(BASE + "/" + id + ":rollback").then().statusCode(200);
        JsonPath page = events(admin, "?gatewayId=" + id + "&pageSize=1");
        assertThat(page.getString("items[0].action")).isEqualTo("gateways.rollback");
        assertThat(page.getInt("items[0].generationBefore")).isEqualTo(2);
        assertThat(page.getInt("items[0].generationAfter")).isEqualTo(3);
        assertThat(page.getString("items[0].specAfter.name")).isEqualTo(first);
        assertThat(page.getString("items[0].outcome.message")).contains("Revision 3");
    }

    @Test
    void refusedRequestsAreRecordedInTheirCallersChain() throws Exception {
        String org = organization();
        String admin = TestTokens.token(org, "ann", TestTokens.ADMIN);
        String viewer = TestTokens.token(org, "vic", TestTokens.VIEWER);
        String id = createdId(admin);
        assertError(patch(viewer, id, spec()), 403, 7);
        assertInvalid(create(admin, with(spec(), "zones", List.of("NOWHERE-1"))), "zones[0]");
        JsonPath page = events(viewer, "");
        assertThat(page.getList("items.action")).containsExactly("gateways.create", "gateways.update",
                "gateways.create");
        assertThat(page.getList("items.outcome.httpStatus", Integer.class)).containsExactly(400, 403, 200);
        assertThat(page.getString("items[1].actor.subject")).isEqualTo("vic");
        assertThat(page.getString("items[1].resource.id")).isEqualTo(id);
        assertThat(page.getInt("items[0].outcome.code")).isEqualTo(3);
        // a caller that proved nothing: the chain of unauthenticated requests, which no organization reads
        long before = count("organization_id = ''");
        as("no-such-token").get(BASE).then().statusCode(401);
        assertThat(count("organization_id = ''")).isEqualTo(before + 1);
        String last = pool.query("SELECT body FROM audit_event WHERE organization_id = '' ORDER BY sequence DESC "
                + "LIMIT 1").execute().await().atMost(DB).iterator().next().getString(0);
        assertThat(last).contains("\"httpStatus\":401").contains("gateways.list").doesNotContain("no-such-token");
        // another organization sees none of it
        assertThat(events(TestTokens.token(organization(), "x", TestTokens.ADMIN), "").getList("items")).isEmpty();
    }

    @Test
    void theChainOfAnOrganizationVerifies() throws Exception {
        String org = organization();
        String admin = TestTokens.token(org, "ann", TestTokens.ADMIN);
        for (int i = 0; i < 3; i++) {
            String id = createdId(admin);
            mergePatch(admin, id, "{\"name\": \"" + uniqueName() + "\"}").then().statusCode(200);
        }
        List<String> lines = export(admin, "");
        assertThat(lines).hasSize(6);
        assertThat(verify(lines, "0".repeat(64))).isEqualTo(6);
        // the page answers the same events, newest first
        assertThat(events(admin, "?pageSize=2").getList("items.sequence", Integer.class)).containsExactly(6, 5);
    }

    /** Recomputes every hash of an export (oldest first) from the previous one; answers the last sequence. */
    @SuppressWarnings("unchecked")
    static long verify(List<String> lines, String previous) throws Exception {
        long sequence = -1;
        for (String line : lines) {
            Map<String, Object> event = SORTED.readValue(line, TreeMap.class);
            long number = ((Number) event.remove("sequence")).longValue();
            assertThat(sequence < 0 || number == sequence + 1).as("gap-free at " + number).isTrue();
            sequence = number;
            assertThat(event.remove("previousHash")).as("link of " + number).isEqualTo(previous);
            String hash = (String) event.remove("hash");
            String canonical = SORTED.writeValueAsString(event);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (previous + "\n" + number + "\n" + canonical).getBytes(StandardCharsets.UTF_8)));
            assertThat(hash).as("hash of " + number).isEqualTo(expected);
            previous = hash;
        }
        return sequence;
    }

    @Test
    void aWriteWhoseEventCannotBeStoredStoresNothing() {
        String org = organization();
        String admin = TestTokens.token(org, "ann", TestTokens.ADMIN);
        String id = createdId(admin);
        execute("CREATE OR REPLACE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.body LIKE '%audit-must-fail%' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
                + "RETURN NEW; END $$");
        execute("CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_event FOR EACH ROW "
                + "EXECUTE FUNCTION audit_test_refuse()");
        try {
            String name = "audit-must-fail-" + UUID.randomUUID().toString().substring(0, 8);
            assertError(create(admin, with(spec(), "name", name)), 500, 13);
            assertError(mergePatch(admin, id, "{\"name\": \"" + name + "\"}"), 500, 13);
            assertThat(count("body LIKE '%" + name + "%'")).isZero();
            assertThat(pool.query("SELECT count(*) FROM gateway WHERE spec LIKE '%" + name + "%'").execute()
                    .await().atMost(DB).iterator().next().getLong(0)).as("no gateway with that name").isZero();
            get(admin, id).then().statusCode(200).body("gateway.status.generation", is(1))
                    .body("gateway.spec.name", not(is(name)));
            as(admin).get(BASE + "/" + id + "/revisions").then().statusCode(200).body("items", hasSize(1));
        } finally {
            execute("DROP TRIGGER audit_test_refuse ON audit_event");
        }
        assertThat(events(admin, "").getList("items.action")).containsExactly("gateways.create");
    }

    @Test
    void eventsCannotBeChangedOrDeleted() {
        String org = organization();
        createdId(TestTokens.token(org, "ann", TestTokens.ADMIN));
        for (String statement : List.of(
                "UPDATE audit_event SET actor = 'someone-else' WHERE organization_id = '" + org + "'",
                "DELETE FROM audit_event WHERE organization_id = '" + org + "'",
                "TRUNCATE audit_event")) {
            assertThatThrownBy(() -> execute(statement)).as(statement).hasMessageContaining("append-only");
        }
        assertThat(count("organization_id = '" + org + "' AND actor LIKE '%#ann'")).isEqualTo(1);
    }

    @Inject
    AuditRetention retention;

    @Test
    void retentionDeletesWholeOldRangesAndTheRestStillVerifies() throws Exception {
        String org = organization();
        String admin = TestTokens.token(org, "ann", TestTokens.ADMIN);
        for (int i = 0; i < 5; i++) {
            createdId(admin);
        }
        List<String> before = export(admin, "");
        // events 1 to 3 as if recorded 100 days ago (the test steps around the append-only guard to age them)
        execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
        try {
            execute("UPDATE audit_event SET recorded_at = now() - interval '100 days' WHERE organization_id = '"
                    + org + "' AND sequence <= 3");
        } finally {
            execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
        }
        assertThat(retention.prune().await().atMost(DB)).isGreaterThanOrEqualTo(3);
        List<String> kept = export(admin, "");
        assertThat(kept).containsExactlyElementsOf(before.subList(3, 5));
        String linkedTo = new JsonPath(before.get(2)).getString("hash");
        assertThat(new JsonPath(kept.get(0)).getString("previousHash")).isEqualTo(linkedTo);
        assertThat(verify(kept, linkedTo)).isEqualTo(5);
        // appending goes on from the head
        createdId(admin);
        assertThat(verify(export(admin, ""), linkedTo)).isEqualTo(6);
    }

    @Test
    void eventsAreFilteredAndPaged() {
        String org = organization();
        String ann = TestTokens.token(org, "ann", TestTokens.ADMIN);
        String bob = TestTokens.token(org, "bob", TestTokens.ADMIN);
        String first = createdId(ann);
        String second = createdId(bob);
        mergePatch(bob, first, "{\"name\": \"" + uniqueName() + "\"}").then().statusCode(200);
        assertThat(events(ann, "?actor=bob").getList("items.resource.id")).containsExactly(first, second);
        assertThat(as(ann).queryParam("actor", "https://idp.test.example/#ann").get(EVENTS).then().statusCode(200)
                .extract().jsonPath().getList("items.resource.id")).containsExactly(first);
        assertThat(events(ann, "?gatewayId=" + first).getList("items.action"))
                .containsExactly("gateways.update", "gateways.create");
        String middle = events(ann, "").getString("items[1].time");
        assertThat(events(ann, "?before=" + middle).getList("items.resource.id")).containsExactly(first);
        assertThat(events(ann, "?after=" + middle).getList("items.action")).containsExactly("gateways.update");
        JsonPath one = events(ann, "?pageSize=1");
        assertThat(one.getList("items.sequence", Integer.class)).containsExactly(3);
        JsonPath next = events(ann, "?pageSize=1&pageToken=" + one.getString("nextPageToken"));
        assertThat(next.getList("items.sequence", Integer.class)).containsExactly(2);
        assertThat(export(ann, "?actor=bob")).hasSize(2).first().asString().contains("\"sequence\":2");
        assertInvalid(as(ann).get(EVENTS + "?pageToken=nope"), "pageToken");
        assertInvalid(as(ann).get(EVENTS + "?after=yesterday"), "after");
    }

    private long count(String where) {
        return pool.query("SELECT count(*) FROM audit_event WHERE " + where).execute().await().atMost(DB)
                .iterator().next().getLong(0);
    }

    private void execute(String statement) {
        pool.query(statement).execute().await().atMost(DB);
    }
}
