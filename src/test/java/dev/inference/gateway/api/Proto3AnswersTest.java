package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Answers are proto3 JSON: a field that is not set is absent, never {@code null} (for example
 * {@code weightsAndBiasesAuth.serverUrl} when no server URL is set), in every answer that carries a gateway.
 */
@QuarkusTest
class Proto3AnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON paths of every {@code null} in an answer's body. */
    static List<String> nulls(Response response) {
        try {
            List<String> found = new ArrayList<>();
            collectNulls(JSON.readTree(response.asByteArray()), "$", found);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectNulls(JsonNode node, String path, List<String> sink) {
        if (node == null || node.isNull()) {
            sink.add(path);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNulls(node.get(i), path + "[" + i + "]", sink);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                collectNulls(field.getValue(), path + "." + field.getKey(), sink);
            }
        }
    }

    static void assertNoNull(String what, Response response) {
        assertThat(response.statusCode()).as(what + ": " + response.asString()).isEqualTo(200);
        assertThat(nulls(response)).as(what + ": " + response.asString()).isEmpty();
    }

    @Test
    void anUnsetServerUrlIsAbsent() {
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", "k-" + UUID.randomUUID()));
        Response created = create(ACME_ADMIN, body);
        created.then().statusCode(200)
                .body("gateway.spec.weightsAndBiasesAuth", not(hasKey("serverUrl")))
                .body("gateway.spec.weightsAndBiasesAuth", not(hasKey("apiKey")))
                .body("gateway.spec.weightsAndBiasesAuth.enableUsageReports", is(false))
                .body("gateway.spec.weightsAndBiasesAuth.enableRateLimiting", is(false));
        assertNoNull("create", created);
        String id = created.path("gateway.spec.id");
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.weightsAndBiasesAuth", not(hasKey("serverUrl")));
        // Removed by a merge patch: absent again.
        mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"serverUrl\": \"https://wandb.example.com\"}}")
                .then().statusCode(200).body("gateway.spec.weightsAndBiasesAuth.serverUrl",
                        is("https://wandb.example.com"));
        Response removed = mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"serverUrl\": null}}");
        removed.then().statusCode(200).body("gateway.spec.weightsAndBiasesAuth", not(hasKey("serverUrl")));
        assertNoNull("merge patch removing serverUrl", removed);
    }

    @Test
    void noAnswerCarryingAGatewayHasANull() {
        // Minimal specs: every option and optional field left out.
        Map<String, Object> wandb = with(with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth", Map.of()),
                "bodyBasedRouting", null);
        wandb.put("pathBasedRouting", Map.of());
        Map<String, Object> header = with(spec("bodyBasedRouting", null), "headerBasedRouting",
                Map.of("headerName", "X-Model"));
        String id = UUID.randomUUID().toString();
        Map<String, Object> minimal = with(spec(), "id", id);

        assertNoNull("create", create(ACME_ADMIN, minimal));
        assertNoNull("idempotent create", create(ACME_ADMIN, minimal));
        assertNoNull("create with weightsAndBiasesAuth {}", create(ACME_ADMIN, wandb));
        assertNoNull("create with headerBasedRouting", create(ACME_ADMIN, header));
        assertNoNull("GET while rolling out", get(ACME_ADMIN, id));
        settledEtag(ACME_ADMIN, id);
        assertNoNull("GET when READY", get(ACME_ADMIN, id));
        assertNoNull("LIST", as(ACME_ADMIN).get(BASE));
        assertNoNull("LIST of a page", as(ACME_ADMIN).queryParam("pageSize", 1).get(BASE));
        assertNoNull("LIST, empty", as(ACME_ADMIN).queryParam("updatedAfter", "9999-12-31T23:59:59Z").get(BASE));
        assertNoNull("PATCH json", patch(ACME_ADMIN, id, with(minimal, "name", uniqueName())));
        assertNoNull("PATCH json changing nothing", patch(ACME_ADMIN, id, minimal));
        assertNoNull("PATCH merge", mergePatch(ACME_ADMIN, id, "{\"name\": \"" + uniqueName() + "\"}"));
        assertNoNull("PATCH merge removing endpointConfiguration",
                mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": null}"));
        assertNoNull("parameters", as(ACME_ADMIN).get(PARAMETERS));
        assertNoNull("DELETE", delete(ACME_ADMIN, id));
        Response deleting = get(ACME_ADMIN, id);
        if (deleting.statusCode() == 200) {
            assertNoNull("GET while deleting", deleting);
        }
    }

    @Test
    void theLastPageHasNoNextPageTokenRatherThanANullOne() {
        createdId(GLOBEX_ADMIN);
        Response page = as(GLOBEX_ADMIN).queryParam("pageSize", 1000).get(BASE);
        page.then().statusCode(200).body("$", not(hasKey("nextPageToken")));
        assertNoNull("the last page", page);
    }
}
