package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** weightsAndBiasesAuth.apiKey is write-only: never in an answer, never in a log line; kept when not resent. */
@QuarkusTest
class SecretHandlingTest {

    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(render(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger root = Logger.getLogger("");
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void apiKeyNeverAppearsInAnswersOrLogs() {
        String key = secret();
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", key, "serverUrl", "https://wandb.example.com"));
        List<Response> answers = new ArrayList<>();

        Response created = create(ACME_ADMIN, body);
        created.then().statusCode(200).body("gateway.spec.weightsAndBiasesAuth", not(hasKey("apiKey")));
        answers.add(created);
        String id = created.path("gateway.spec.id");
        answers.add(create(ACME_ADMIN, with(body, "id", id)));                       // idempotent replay
        answers.add(create(ACME_ADMIN, with(with(body, "id", id), "name", "other"))); // 409
        answers.add(get(ACME_ADMIN, id));
        answers.add(get(ACME_VIEWER, id));
        answers.add(as(ACME_ADMIN).get(BASE));
        answers.add(as(ACME_ADMIN).queryParam("pageSize", 1).get(BASE));
        answers.add(patch(ACME_ADMIN, id, with(body, "name", uniqueName())));
        answers.add(patch(ACME_ADMIN, id, body));                                    // no change
        answers.add(mergePatch(ACME_ADMIN, id, "{\"name\": \"" + uniqueName() + "\"}"));
        answers.add(mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + key + "\"}}"));
        answers.add(as(ACME_ADMIN).header("If-Match", "\"bogus\"").body(body).patch(BASE + "/" + id)); // 412
        answers.add(patch(GLOBEX_ADMIN, id, body));                                  // 404
        answers.add(patch(ACME_VIEWER, id, body));                                   // 403
        answers.add(delete(ACME_ADMIN, id));

        for (Response answer : answers) {
            assertTrue(answer.statusCode() < 500, answer.asString());
            assertFalse(answer.asString().contains(key), "answer carries the key: " + answer.asString());
            answer.headers().forEach(h -> assertFalse(h.getValue().contains(key), "header carries the key: " + h));
        }
        assertNoLogLineContains(key);
        // The capture works: the service's own log lines about this gateway were seen.
        assertTrue(logLines.stream().anyMatch(line -> line.contains(id)), "no log line captured for " + id);
    }

    @Test
    void rejectedRequestsDoNotEchoTheKey() {
        String key = secret();
        List<Response> answers = new ArrayList<>();
        // Invalid spec around a valid key.
        answers.add(create(ACME_ADMIN, with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", key, "serverUrl", "http://insecure.example.com"))));
        // Both auth options.
        answers.add(create(ACME_ADMIN, spec("weightsAndBiasesAuth", Map.of("apiKey", key))));
        // Key with a control character or an unpaired surrogate.
        answers.add(create(ACME_ADMIN, with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", key + "\u0000"))));
        answers.add(create(ACME_ADMIN, "{\"name\": \"n\", \"zones\": [], \"pathBasedRouting\": {}, "
                + "\"weightsAndBiasesAuth\": {\"apiKey\": \"" + key + "\\ud800\"}}"));
        // Key too long.
        answers.add(create(ACME_ADMIN, with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", key + "k".repeat(5000)))));
        // Malformed JSON around the key.
        answers.add(create(ACME_ADMIN, "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + key + "\"")); // truncated
        answers.add(create(ACME_ADMIN, "{\"weightsAndBiasesAuth\": {\"apiKey\": " + key + "}}"));   // unquoted
        answers.add(create(ACME_ADMIN, "{\"weightsAndBiasesAuth\": {\"apiKey\": " + key.replace("-", "")
                + "}}")); // unquoted, one token
        answers.add(create(ACME_ADMIN, "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + key + "\" \"" + key
                + "\"}}")); // two values
        answers.add(create(ACME_ADMIN, "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + key + "\", \"apiKey\": \""
                + key + "\"}}")); // duplicate key
        answers.add(create(ACME_ADMIN, "{\"weightsAndBiasesAuth\": {\"apiKey\": [\"" + key + "\"]}}"));
        answers.add(create(ACME_ADMIN, "{\"weightsAndBiasesAuth\": {\"apiKey\": {\"v\": \"" + key + "\"}}}"));

        for (Response answer : answers) {
            assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, answer.asString());
            for (String secret : List.of(key, key.replace("-", ""))) {
                assertFalse(answer.asString().contains(secret), "answer carries the key: " + answer.asString());
                answer.headers().forEach(h -> assertFalse(h.getValue().contains(secret), "header carries the key: " + h));
            }
        }
        assertNoLogLineContains(key);
        assertNoLogLineContains(key.replace("-", ""));
    }

    @Test
    void anUpdateWithoutApiKeyKeepsTheStoredKey() {
        String key = secret();
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth", Map.of("apiKey", key));
        String id = createdId(ACME_ADMIN, body);
        // A full update carrying weightsAndBiasesAuth without apiKey.
        patch(ACME_ADMIN, id, with(body, "weightsAndBiasesAuth", Map.of("enableUsageReports", true)))
                .then().statusCode(200)
                .body("gateway.spec.weightsAndBiasesAuth.enableUsageReports", is(true))
                .body("gateway.status.generation", is(2));
        // The key is still stored: serverUrl without apiKey is accepted.
        patch(ACME_ADMIN, id, with(body, "weightsAndBiasesAuth", Map.of("serverUrl", "https://wandb.example.com")))
                .then().statusCode(200)
                .body("gateway.spec.weightsAndBiasesAuth.serverUrl", is("https://wandb.example.com"))
                .body("gateway.status.generation", is(3));
        // And with a merge patch too.
        mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"serverUrl\": \"https://other.example.com\"}}")
                .then().statusCode(200)
                .body("gateway.spec.weightsAndBiasesAuth.serverUrl", is("https://other.example.com"));
        // Sending the same key again changes nothing.
        mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + key + "\"}}").then()
                .statusCode(200).body("gateway.status.generation", is(4));
        // A new key is a real change.
        mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + secret() + "\"}}").then()
                .statusCode(200).body("gateway.status.generation", is(5));
        assertNoLogLineContains(key);
    }

    @Test
    void idempotentCreateComparesTheKey() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = with(with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", secret())), "id", id);
        create(ACME_ADMIN, body).then().statusCode(200);
        create(ACME_ADMIN, body).then().statusCode(200).body("gateway.spec.id", is(id));
        assertError(create(ACME_ADMIN, with(body, "weightsAndBiasesAuth", Map.of("apiKey", secret()))), 409, 6);
    }

    private static String secret() {
        return "sk-secret-" + UUID.randomUUID().toString().replace("-", "");
    }

    private void assertNoLogLineContains(String key) {
        List<String> lines;
        synchronized (logLines) {
            lines = List.copyOf(logLines);
        }
        for (String line : lines) {
            assertFalse(line.contains(key), "log line carries the key: " + line);
        }
    }

    private static String render(LogRecord record) {
        StringBuilder text = new StringBuilder();
        text.append(record.getLoggerName()).append(' ').append(record.getMessage());
        if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
            text.append(' ').append(ext.getFormattedMessage());
        } else {
            text.append(' ').append(new java.util.logging.SimpleFormatter().formatMessage(record));
        }
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                text.append(' ').append(parameter);
            }
        }
        if (record.getThrown() != null) {
            StringWriter stack = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(stack));
            text.append(' ').append(stack);
        }
        return text.toString();
    }
}
