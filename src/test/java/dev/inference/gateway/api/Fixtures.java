package dev.inference.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tokens of the test profile and small request helpers shared by the API tests. */
public final class Fixtures {
    public static final String ACME_ADMIN = "test-acme-admin";
    public static final String ACME_VIEWER = "test-acme-viewer";
    public static final String GLOBEX_ADMIN = "test-globex-admin";
    public static final String BASE = "/v1alpha1/inference/gateways";
    public static final String PARAMETERS = BASE + "/parameters";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final List<String> ZONES = List.of("US-EAST-04A", "US-EAST-06A", "US-WEST-09B", "EU-SOUTH-03A");
    public static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    public static final String RFC3339_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    /**
     * How long {@link #settledEtag} waits for a gateway's rollout to end. A gateway's zones converge in one zone step
     * each: the simulated zone answers after 50-70 ms (test profile: rollout.simulated.latency=50ms, jitter 20ms;
     * 200 ms under ops.FaultProfile), the step is claimed at once (the database signals new zone work) or at the next
     * poll (rollout.poll-interval=50ms), so a gateway is READY within a few hundred milliseconds, even on a loaded
     * machine. 20 s is a margin of more than 40x.
     */
    private static final java.time.Duration SETTLED = java.time.Duration.ofSeconds(20);

    private Fixtures() {
    }

    /**
     * A request that gives up instead of hanging the suite if an answer never comes. The slowest answer the suites
     * wait for is the first request after the service started (its code not compiled yet): 12 s measured on a
     * 2-core machine under load; an answer held up by the database ends by the service's own limits first (the
     * transaction timeout, 15 s by default). A minute leaves a margin of 4-5x over both; a connection to localhost is
     * made in milliseconds, 10 s is only there for a service that stopped listening.
     */
    public static RequestSpecification request() {
        return given().config(RestAssured.config()
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", 10_000)
                        .setParam("http.socket.timeout", 60_000))
                .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    public static RequestSpecification as(String token) {
        return request().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /**
     * A host name no other test uses: additionalDns names belong to one gateway across all organizations, and the
     * tests share one database.
     */
    public static String host(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    /** A unique gateway name (at most 38 characters). */
    public static String uniqueName() {
        return "gw-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid create body with a unique name. */
    public static String body(String zonesJson) {
        return """
                {"name": "%s", "zones": %s, "coreWeaveAuth": {}, "bodyBasedRouting": {"apiType": "API_TYPE_OPENAI"}}
                """.formatted(uniqueName(), zonesJson);
    }

    /** A valid, mutable create body: unique name, one zone, coreWeaveAuth, bodyBasedRouting. */
    public static Map<String, Object> spec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", uniqueName());
        spec.put("zones", new ArrayList<>(List.of("US-EAST-04A")));
        spec.put("coreWeaveAuth", Map.of());
        spec.put("bodyBasedRouting", Map.of("apiType", "API_TYPE_OPENAI"));
        return spec;
    }

    /** {@link #spec()} with one entry replaced ({@code null} value: removed). */
    public static Map<String, Object> spec(String key, Object value) {
        return with(spec(), key, value);
    }

    public static Map<String, Object> with(Map<String, Object> spec, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(spec);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    public static Map<String, Object> without(Map<String, Object> spec, String... keys) {
        Map<String, Object> copy = new LinkedHashMap<>(spec);
        for (String key : keys) {
            copy.remove(key);
        }
        return copy;
    }

    public static Response create(String token, String body) {
        return as(token).body(body.getBytes(StandardCharsets.UTF_8)).post(BASE);
    }

    public static Response create(String token, Map<String, Object> body) {
        return as(token).body(body).post(BASE);
    }

    /** Creates a gateway and answers its id. */
    public static String createdId(String token, String body) {
        return create(token, body).then().statusCode(200).extract().path("gateway.spec.id");
    }

    public static String createdId(String token, Map<String, Object> body) {
        return create(token, body).then().statusCode(200).extract().path("gateway.spec.id");
    }

    /** Creates a valid gateway in the caller's organization and answers its id. */
    public static String createdId(String token) {
        return createdId(token, spec());
    }

    public static Response get(String token, String id) {
        return as(token).get(BASE + "/{id}", id);
    }

    public static Response patch(String token, String id, Object body) {
        return as(token).body(body).patch(BASE + "/{id}", id);
    }

    public static Response patchRaw(String token, String id, String contentType, String body) {
        return request().header("Authorization", "Bearer " + token).contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8)).patch(BASE + "/{id}", id);
    }

    public static Response mergePatch(String token, String id, String body) {
        return patchRaw(token, id, MERGE_PATCH, body);
    }

    public static Response delete(String token, String id) {
        return as(token).delete(BASE + "/{id}", id);
    }

    /**
     * The ETag of a gateway once its rollout has settled (READY). The ETag covers the whole gateway, status
     * included, and the workers change the status as zones converge; a settled gateway keeps its ETag.
     */
    public static String settledEtag(String token, String id) {
        org.awaitility.Awaitility.await().atMost(SETTLED).until(
                () -> "STATUS_READY".equals(get(token, id).path("gateway.status.status")));
        return etag(token, id);
    }

    public static String etag(String token, String id) {
        return get(token, id).then().statusCode(200).extract().header("ETag");
    }

    /**
     * Asserts a 400 {@code INVALID_ARGUMENT} in the contract's {@code google.rpc.Status} shape whose
     * {@code BadRequest} detail names (at least) every one of {@code fields}.
     */
    public static void assertInvalid(Response response, String... fields) {
        response.then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("code", is(3))
                .body("message", not(emptyOrNullString()))
                .body("details", hasSize(1))
                .body("details[0].'@type'", is("type.googleapis.com/google.rpc.BadRequest"))
                .body("details[0].fieldViolations", not(empty()))
                .body("details[0].fieldViolations.description", everyItem(not(emptyOrNullString())))
                .body("details[0].fieldViolations.field", hasItems(fields));
    }

    /** Asserts an error answer with the given HTTP status and google.rpc code. */
    public static void assertError(Response response, int status, int code) {
        response.then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("code", is(code))
                .body("message", not(emptyOrNullString()));
    }

    public static List<String> violatedFields(Response response) {
        return response.then().extract().path("details[0].fieldViolations.field");
    }
}
