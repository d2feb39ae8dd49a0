package dev.inference.gateway.watch;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.inference.gateway.persistence.GatewayEvents;
import dev.inference.gateway.support.BigOrganization;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Watch: every change of the caller's organization, in commit order, resumable, never another organization's. */
@QuarkusTest
class WatchTest {
    /**
     * How long the test waits for something it expects: an event of a change already made, or a gateway's rollout.
     * A commit signals the watchers at once (LISTEN/NOTIFY), and each organization's feed also looks for new events
     * every 500 ms (test profile: watch.poll) should a signal be lost; a rollout to READY takes a few hundred
     * milliseconds (simulated zones of 50-70 ms, test profile, claimed within the worker's 50 ms poll). 20 s is a
     * margin of 40x over the feed's poll.
     */
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * How long a stream must stay silent for the test to take it that nothing more is coming. Every change the test
     * reads this way was committed before it began to read, so it arrives within one watch.poll (500 ms) even if its
     * signal was lost: 3 s is 6x that. (Where the silence ends a check that something does not come, another
     * organization's event, a slow machine can only make that check weaker, never fail it.)
     */
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final java.util.regex.Pattern CHANGE = java.util.regex.Pattern.compile(
            "\\{\"type\":\"(?:ADDED|MODIFIED|DELETED)\",\"resourceVersion\":\"(\\d+)\"");

    @Inject
    GatewayEvents events;

    @Inject
    Pool pool;

    static String listVersion(String token) {
        String version = as(token).get(BASE).then().statusCode(200).extract().path("resourceVersion");
        assertThat(version).matches("\\d+");
        return version;
    }

    static WatchClient watch(String token, String fromVersion) throws Exception {
        WatchClient client = WatchClient.open(RestAssured.port, token, "&resourceVersion=" + fromVersion, null);
        assertThat(client.status).isEqualTo(200);
        return client;
    }

    @Test
    void aGatewaysLifeArrivesInCommitOrder() throws Exception {
        String from = listVersion(ACME_ADMIN);
        try (WatchClient watch = watch(ACME_ADMIN, from)) {
            String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\"]"));
            JsonPath added = nextFor(watch, id);
            assertThat(added.getString("type")).isEqualTo("ADDED");
            assertThat(added.getString("gateway.spec.id")).isEqualTo(id);
            assertThat(Long.parseLong(added.getString("resourceVersion"))).isGreaterThan(Long.parseLong(from));

            await().atMost(WAIT).until(() -> "STATUS_READY".equals(get(ACME_ADMIN, id).path("gateway.status.status")));
            mergePatch(ACME_ADMIN, id, "{\"name\": \"watched-2\"}").then().statusCode(200);
            await().atMost(WAIT).until(() -> "STATUS_READY".equals(get(ACME_ADMIN, id).path("gateway.status.status")));
            delete(ACME_ADMIN, id).then().statusCode(200);
            await().atMost(WAIT).until(() -> get(ACME_ADMIN, id).statusCode() == 404);

            List<JsonPath> rest = new ArrayList<>();
            JsonPath event;
            do {
                event = watch.next(QUIET, false);
                if (event != null) {
                    rest.add(event);
                }
            } while (event != null && !("DELETED".equals(event.getString("type"))
                    && id.equals(event.getString("gateway.spec.id"))));
            List<String> story = rest.stream().filter(e -> id.equals(e.getString("gateway.spec.id")))
                    .map(e -> e.getString("type") + " " + e.getString("gateway.status.status") + " "
                            + e.getLong("gateway.status.generation"))
                    .toList();
            assertThat(story).contains("MODIFIED STATUS_READY 1", "MODIFIED STATUS_UPDATING 2",
                    "MODIFIED STATUS_READY 2", "MODIFIED STATUS_DELETING 3", "DELETED STATUS_DELETING 3");
            assertThat(story.indexOf("MODIFIED STATUS_READY 1")).isLessThan(story.indexOf("MODIFIED STATUS_UPDATING 2"));
            assertThat(story.indexOf("MODIFIED STATUS_UPDATING 2")).isLessThan(story.indexOf("MODIFIED STATUS_READY 2"));
            assertThat(story.indexOf("MODIFIED STATUS_DELETING 3")).isLessThan(story.indexOf("DELETED STATUS_DELETING 3"));
            assertThat(story.get(story.size() - 1)).isEqualTo("DELETED STATUS_DELETING 3");
            assertVersionsIncrease(rest);
        }
    }

    @Test
    void resumingFromAVersionGivesExactlyTheEventsAfterIt() throws Exception {
        String from = listVersion(ACME_ADMIN);
        String id = createdId(ACME_ADMIN, body("[]"));
        for (int i = 0; i < 3; i++) {
            mergePatch(ACME_ADMIN, id, "{\"name\": \"resume-" + i + "\"}").then().statusCode(200);
        }
        List<JsonPath> all;
        try (WatchClient watch = watch(ACME_ADMIN, from)) {
            all = watch.take(Integer.MAX_VALUE, QUIET);
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(4);
        String middle = all.get(1).getString("resourceVersion");
        try (WatchClient resumed = watch(ACME_ADMIN, middle)) {
            List<JsonPath> after = resumed.take(all.size() - 2, QUIET);
            assertThat(after.stream().map(e -> e.getString("resourceVersion")).toList())
                    .isEqualTo(all.subList(2, all.size()).stream().map(e -> e.getString("resourceVersion")).toList());
        }
    }

    @Test
    void listThenWatchUnderConcurrentWritesNeitherMissesNorRepeats() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createdId(GLOBEX_ADMIN, body("[]")));
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writes.add(writers.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        mergePatch(GLOBEX_ADMIN, ids.get((writer + i) % ids.size()),
                                "{\"name\": \"w" + writer + "-" + i + "\"}").then().statusCode(200);
                    }
                }));
            }
            // Let the writers start: the list below should fall in the middle of them. Not an assertion: on a slow
            // day the list may come before the first write, and the test still holds (it then proves a little less).
            Thread.sleep(100);
            // List (one snapshot) then watch from its version; replaying the events over the list must end where
            // the gateways are, and versions must follow each other without a gap or a repeat.
            JsonPath list = as(GLOBEX_ADMIN).get(BASE).then().statusCode(200).extract().jsonPath();
            Map<String, Long> versionOf = new HashMap<>();
            for (Map<String, Object> item : list.<Map<String, Object>>getList("items")) {
                Map<?, ?> spec = (Map<?, ?>) item.get("spec");
                versionOf.put((String) spec.get("id"), null);
            }
            long listed = Long.parseLong(list.getString("resourceVersion"));
            try (WatchClient watch = watch(GLOBEX_ADMIN, Long.toString(listed))) {
                for (Future<?> write : writes) {
                    write.get();
                }
                await().atMost(WAIT).until(() -> ids.stream().allMatch(
                        id -> "STATUS_READY".equals(get(GLOBEX_ADMIN, id).path("gateway.status.status"))));
                long latest = Long.parseLong(listVersion(GLOBEX_ADMIN));
                List<JsonPath> seen = watch.take((int) (latest - listed), QUIET);
                assertThat(seen.stream().map(e -> Long.parseLong(e.getString("resourceVersion"))).toList())
                        .as("every version after the list, once, in order")
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(listed + 1, latest).boxed().toList());
                Map<String, String> lastName = new HashMap<>();
                for (Map<String, Object> item : list.<Map<String, Object>>getList("items")) {
                    Map<?, ?> spec = (Map<?, ?>) item.get("spec");
                    lastName.put((String) spec.get("id"), (String) spec.get("name"));
                }
                seen.forEach(e -> lastName.put(e.getString("gateway.spec.id"), e.getString("gateway.spec.name")));
                for (String id : ids) {
                    assertThat(lastName.get(id)).isEqualTo(get(GLOBEX_ADMIN, id).path("gateway.spec.name"));
                }
            }
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void aWatcherNeverSeesAnotherOrganization() throws Exception {
        String from = listVersion(GLOBEX_ADMIN);
        try (WatchClient globex = watch(GLOBEX_ADMIN, from)) {
            String acme = createdId(ACME_ADMIN, body("[]"));
            String theirs = createdId(GLOBEX_ADMIN, body("[]"));
            List<JsonPath> seen = globex.take(1, WAIT);
            assertThat(seen).singleElement().satisfies(e -> assertThat(e.getString("gateway.spec.id")).isEqualTo(theirs));
            List<JsonPath> more = globex.take(50, QUIET);
            assertThat(more).noneMatch(e -> acme.equals(e.getString("gateway.spec.id")))
                    .allMatch(e -> "globex".equals(e.getString("gateway.spec.organizationId")));
        }
    }

    @Test
    void viewersMayWatchAndSecretsNeverShow() throws Exception {
        String from = listVersion(ACME_VIEWER);
        try (WatchClient watch = watch(ACME_VIEWER, from)) {
            String key = "wandb-watch-secret";
            String id = createdId(ACME_ADMIN, with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                    Map.of("apiKey", key)));
            delete(ACME_ADMIN, id).then().statusCode(200);
            List<JsonPath> seen = watch.take(3, WAIT);
            assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e.prettify()).doesNotContain(key));
        }
        assertThat(WatchClient.open(RestAssured.port, "nope", "", null).status).isEqualTo(401);
    }

    @Test
    void aVersionOlderThanTheHistoryIsGoneAndBadOnesAreInvalid() throws Exception {
        createdId(ACME_ADMIN, body("[]"));
        String before = listVersion(ACME_ADMIN);
        createdId(ACME_ADMIN, body("[]"));
        // one statement, bounded by the pool's statement_timeout (10 s) on the server's side as well
        events.prune(Duration.ZERO).await().atMost(Duration.ofSeconds(10));
        as(ACME_ADMIN).queryParam("watch", true).queryParam("resourceVersion", "0").get(BASE).then().statusCode(410)
                .body("code", org.hamcrest.Matchers.is(10));
        as(ACME_ADMIN).queryParam("watch", true).queryParam("resourceVersion", before).get(BASE).then()
                .statusCode(410);
        assertInvalid(as(ACME_ADMIN).queryParam("watch", true).queryParam("resourceVersion", "x1").get(BASE),
                "resourceVersion");
        assertInvalid(as(ACME_ADMIN).queryParam("watch", true).queryParam("resourceVersion", "999999999").get(BASE),
                "resourceVersion");
        // after a list, watching works again
        try (WatchClient watch = watch(ACME_ADMIN, listVersion(ACME_ADMIN))) {
            String id = createdId(ACME_ADMIN, body("[]"));
            JsonPath event = nextFor(watch, id);
            assertThat(event.getString("type")).isEqualTo("ADDED");
        }
    }

    @Test
    void serverSentEventsCarryTypeIdAndData() throws Exception {
        String from = listVersion(ACME_ADMIN);
        try (WatchClient sse = WatchClient.open(RestAssured.port, ACME_ADMIN, "&resourceVersion=" + from,
                "text/event-stream")) {
            assertThat(sse.status).isEqualTo(200);
            assertThat(sse.contentType).startsWith("text/event-stream");
            String id = createdId(ACME_ADMIN, body("[]"));
            String event = sse.nextLine(WAIT);
            while (event != null && !event.equals("event: ADDED")) {
                event = sse.nextLine(WAIT);
            }
            assertThat(event).isEqualTo("event: ADDED");
            assertThat(sse.nextLine(WAIT)).matches("id: \\d+");
            String data = sse.nextLine(WAIT);
            assertThat(data).startsWith("data: ");
            assertThat(JsonPath.from(data.substring(6)).getString("gateway.spec.id")).isEqualTo(id);
        }
    }

    @Test
    void answersSayWhatTheyAre() throws Exception {
        // watch=1 is a watch (as Kubernetes reads it), asked as NDJSON it is labelled so
        String from = listVersion(ACME_ADMIN);
        HttpResponse<java.io.InputStream> ndjson = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + BASE + "?watch=1&resourceVersion=" + from))
                .header("Authorization", "Bearer " + ACME_ADMIN).header("Accept", "application/x-ndjson").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = ndjson.body()) {
            assertThat(ndjson.statusCode()).isEqualTo(200);
            assertThat(ndjson.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
            String id = createdId(ACME_ADMIN, body("[]"));
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(body,
                    java.nio.charset.StandardCharsets.UTF_8));
            JsonPath added = JsonPath.from(lines.readLine());
            while (!"ADDED".equals(added.getString("type"))) {
                added = JsonPath.from(lines.readLine());
            }
            assertThat(added.getString("gateway.spec.id")).isEqualTo(id);
        }
        // a list is JSON: asked only as an event stream (or NDJSON) without watch, it is refused, not mislabelled
        for (String accept : List.of("text/event-stream", "application/x-ndjson")) {
            Response refused = as(ACME_ADMIN).accept(accept).get(BASE);
            assertError(refused, 406, 3);
            assertThat(refused.getContentType()).startsWith("application/json");
        }
        as(ACME_ADMIN).accept("text/event-stream, application/json;q=0.5").get(BASE).then().statusCode(200)
                .contentType(startsWith("application/json"));
        as(ACME_ADMIN).queryParam("watch", "0").get(BASE).then().statusCode(200).body("items", notNullValue());
        assertInvalid(as(ACME_ADMIN).queryParam("watch", "yes").get(BASE), "watch");
    }

    @Test
    void anEventSourceResumesFromItsLastEventId() throws Exception {
        String id = createdId(ACME_ADMIN, body("[]"));
        String before = listVersion(ACME_ADMIN);
        mergePatch(ACME_ADMIN, id, "{\"name\": \"after-last-event\"}").then().statusCode(200);
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = java.net.http.HttpClient.newHttpClient()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + RestAssured.port
                                + BASE + "?watch=true"))
                        .header("Authorization", "Bearer " + ACME_ADMIN).header("Accept", "text/event-stream")
                        .header("Last-Event-ID", before).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> lines = response.body()) {
            String data = lines.filter(line -> line.startsWith("data: ") && line.contains("after-last-event"))
                    .findFirst().orElse(null);
            assertThat(data).as("the change made after the last event id").isNotNull();
        }
    }

    @Test
    void anIdleStreamSendsHeartbeats() throws Exception {
        try (WatchClient watch = watch(ACME_ADMIN, listVersion(ACME_ADMIN))) {
            JsonPath bookmark = null;
            // An idle stream sends a BOOKMARK every second (test profile: watch.heartbeat=1s): each wait is 3x that,
            // and up to 20 of them let other tests' events come in between.
            for (int i = 0; i < 20 && bookmark == null; i++) {
                JsonPath event = watch.next(Duration.ofSeconds(3), true);
                if (event != null && "BOOKMARK".equals(event.getString("type"))) {
                    bookmark = event;
                }
            }
            assertThat(bookmark).isNotNull();
            assertThat(bookmark.getString("resourceVersion")).matches("\\d+");
        }
    }

    @Test
    void theListeningConnectionKilledLosesNoEvent() throws Exception {
        String from = listVersion(ACME_ADMIN);
        try (WatchClient watch = watch(ACME_ADMIN, from)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(createdId(ACME_ADMIN, body("[]")));
                pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' "
                        + "AND pid <> pg_backend_pid()").execute()
                        .await().atMost(Duration.ofSeconds(5)); // milliseconds; a hang guard
                ids.add(createdId(ACME_ADMIN, body("[]")));
            }
            List<String> added = new ArrayList<>();
            JsonPath event;
            while (added.size() < ids.size() && (event = watch.next(WAIT, false)) != null) {
                if ("ADDED".equals(event.getString("type"))) {
                    added.add(event.getString("gateway.spec.id"));
                }
            }
            assertThat(added).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void aChangeMadeByAnotherWriterArrives() throws Exception {
        String id = createdId(ACME_ADMIN, body("[]"));
        await().atMost(WAIT).until(() -> "STATUS_READY".equals(get(ACME_ADMIN, id).path("gateway.status.status")));
        try (WatchClient watch = watch(ACME_ADMIN, listVersion(ACME_ADMIN))) {
            // Another instance (or any writer) changes the row in the database: the change reaches this watcher.
            pool.query("UPDATE gateway SET version = version + 1, updated_at = now() WHERE id = '" + id + "'")
                    .execute().await().atMost(Duration.ofSeconds(5)); // one row: milliseconds; a hang guard
            JsonPath event = nextFor(watch, id);
            assertThat(event.getString("type")).isEqualTo("MODIFIED");
            assertThat(event.getString("gateway.spec.id")).isEqualTo(id);
        }
    }

    /** The next event about one gateway (other tests' gateways of the organization may still be converging). */
    private static JsonPath nextFor(WatchClient watch, String id) throws InterruptedException {
        JsonPath event = watch.next(WAIT, false);
        while (event != null && !id.equals(event.getString("gateway.spec.id"))) {
            event = watch.next(WAIT, false);
        }
        assertThat(event).as("an event about " + id).isNotNull();
        return event;
    }

    @Test
    @Slow
    void aWatcherTooSlowForItsChangesIsEndedAndResumesWithoutLoss() throws Exception {
        BigOrganization.seed(pool);
        String from = listVersion(BigOrganization.TOKEN);
        long changes;
        try (java.net.Socket slow = slowWatch(from)) {
            // 10,000 changes in one commit, read by nobody for a while: far more than the watcher's buffer (100 in
            // tests) and what the sockets hold. The update took 4 s on a loaded 2-core machine, with the change history
            // its deferred trigger writes at commit (which the pool's statement_timeout does not bound): 60 s is 15x.
            changes = pool.query("UPDATE gateway SET version = version + 1 WHERE id IN (SELECT id FROM gateway "
                            + "WHERE organization_id = 'initech' LIMIT 10000)")
                    .execute().await().atMost(Duration.ofSeconds(60)).rowCount();
            // The pause is the point: the watcher's buffer overflows meanwhile. The update has committed, so its
            // signal (or the feed's 500 ms poll) starts the events at once, and a few hundred of them fill the buffer
            // and the sockets within milliseconds: 5 s is a margin of 10x and more over the poll.
            Thread.sleep(5_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    slow.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            String lastVersion = from;
            JsonPath error = null;
            // The stream was ended during the pause: what is left to read (the events before the ERROR, then the ERROR)
            // is written already, and reading it takes milliseconds; the minute, like the socket's read timeout, is a
            // hang guard.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((line = in.readLine()) != null && System.nanoTime() < deadline) {
                if (line.startsWith("{\"type\":\"ERROR\"")) {
                    error = JsonPath.from(line);
                    break;
                }
                java.util.regex.Matcher change = CHANGE.matcher(line);
                if (change.lookingAt()) {
                    assertThat(Long.parseLong(change.group(1))).isEqualTo(Long.parseLong(lastVersion) + 1);
                    lastVersion = change.group(1);
                }
            }
            assertThat(error).as("the stream ends with an ERROR event").isNotNull();
            assertThat(error.getInt("error.code")).isEqualTo(10);
            assertThat(Long.parseLong(lastVersion)).isLessThan(Long.parseLong(from) + changes);

            // Resuming from the last version received gets the rest, none missing, none twice.
            try (WatchClient resumed = watch(BigOrganization.TOKEN, lastVersion)) {
                long expected = Long.parseLong(lastVersion);
                long end = Long.parseLong(from) + changes;
                while (expected < end) {
                    String next = resumed.nextLine(WAIT);
                    assertThat(next).as("event after " + expected).isNotNull();
                    java.util.regex.Matcher change = CHANGE.matcher(next);
                    if (change.lookingAt()) {
                        assertThat(Long.parseLong(change.group(1))).isEqualTo(++expected);
                    }
                }
            }

            // A reader that starts far behind and reads slowly is not ended while it catches up: the history is
            // read at the reader's pace, never more than its buffer holds.
            try (java.net.Socket lagging = slowWatch(from)) {
                // Time for the service to fill the buffer and the sockets if it read the history faster than the
                // reader takes it (it would end the stream); not an assertion: on a slow day it proves a little less.
                Thread.sleep(3_000);
                java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                        lagging.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                long expected = Long.parseLong(from);
                long end = Long.parseLong(from) + changes;
                while (expected < end) {
                    String next = lines.readLine();
                    assertThat(next).as("event after " + expected).isNotNull();
                    assertThat(next).as("no ERROR while catching up").doesNotStartWith("{\"type\":\"ERROR\"");
                    java.util.regex.Matcher change = CHANGE.matcher(next);
                    if (change.lookingAt()) {
                        assertThat(Long.parseLong(change.group(1))).isEqualTo(++expected);
                    }
                }
            }
        }
    }

    /** A watch over a socket with a small receive window, read only when the test chooses to. */
    private static java.net.Socket slowWatch(String from) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket();
        socket.setReceiveBufferSize(8 * 1024); // before connecting, so that the window stays small
        socket.connect(new java.net.InetSocketAddress("localhost", RestAssured.port));
        socket.setSoTimeout(30_000); // a stream that never ends fails the test rather than hanging it
        socket.getOutputStream().write(("GET " + BASE + "?watch=true&resourceVersion=" + from + " HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + BigOrganization.TOKEN + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return socket;
    }

    private static void assertVersionsIncrease(List<JsonPath> events) {
        long previous = 0;
        for (JsonPath event : events) {
            long version = Long.parseLong(event.getString("resourceVersion"));
            assertThat(version).isGreaterThan(previous);
            previous = version;
        }
    }
}
