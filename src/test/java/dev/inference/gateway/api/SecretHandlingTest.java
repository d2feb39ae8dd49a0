package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * weightsAndBiasesAuth.apiKey is write-only: never in an answer (body or header), kept when not resent, compared by
 * an idempotent create. That it is never in a log line either is {@link SecretLoggingTest}'s business.
 */
@QuarkusTest
class SecretHandlingTest {

    /** Every operation on a gateway that carries {@code key}; answers the answers (the gateway's id first). */
    static List<Response> everyOperationOnAGatewayWith(String key) {
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
        return answers;
    }

    /** Requests that carry {@code key} and are refused, each for another reason. */
    static List<Response> refusedRequestsWith(String key) {
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
        return answers;
    }

    @Test
    void apiKeyNeverAppearsInAnswers() {
        String key = secret();
        for (Response answer : everyOperationOnAGatewayWith(key)) {
            assertTrue(answer.statusCode() < 500, answer.asString());
            assertFalse(answer.asString().contains(key), "answer carries the key: " + answer.asString());
            answer.headers().forEach(h -> assertFalse(h.getValue().contains(key), "header carries the key: " + h));
        }
    }

    @Test
    void refusedRequestsDoNotEchoTheKey() {
        String key = secret();
        for (Response answer : refusedRequestsWith(key)) {
            assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, answer.asString());
            for (String secret : List.of(key, key.replace("-", ""))) {
                assertFalse(answer.asString().contains(secret), "answer carries the key: " + answer.asString());
                answer.headers().forEach(h -> assertFalse(h.getValue().contains(secret), "header carries the key: " + h));
            }
        }
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

    static String secret() {
        return "sk-secret-" + UUID.randomUUID().toString().replace("-", "");
    }
}
