package dev.inference.gateway.api;

import dev.inference.gateway.api.contract.StrictJsonReaderTest;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input end to end. The body corpus runs in milliseconds against the reader and the validator
 * ({@link StrictJsonReaderTest}); here a sample of it goes through the HTTP stack to each endpoint that reads a
 * body (create, full update, merge patch) and must come back as 400 {@code INVALID_ARGUMENT} naming the field, in the
 * contract's shape. Query parameters and path ids, which the HTTP layer decodes before any converter runs, are
 * checked here only: every answer is a client error in the contract's shape, never a 5xx.
 */
@QuarkusTest
class MalformedInputTest {

    private static final String BASE_DOC = StrictJsonReaderTest.doc(Map.of());

    /** A handful of the corpus: one of each kind of failure (syntax, limits, encoding, types, validation). */
    static Stream<Arguments> sample() {
        return Stream.of(
                arguments("empty body", bytes(""), "body"),
                arguments("truncated document", bytes(BASE_DOC.substring(0, BASE_DOC.length() - 5)), "body"),
                arguments("5000-deep nesting", bytes(StrictJsonReaderTest.doc(Map.of("x",
                        "[".repeat(5000) + "]".repeat(5000)))), "body"),
                arguments("duplicate key", bytes(BASE_DOC.replace("{\"name\"", "{\"name\": \"dup\", \"name\"")), "body"),
                arguments("overlong UTF-8", StrictJsonReaderTest.utf8WithBytes(new byte[] {(byte) 0xC0, (byte) 0xAF}),
                        "body"),
                arguments("name with NUL", bytes(StrictJsonReaderTest.doc(Map.of("name", "\"a\\u0000b\""))), "name"),
                arguments("zones a string", bytes(StrictJsonReaderTest.doc(Map.of("zones", "\"x\""))), "zones"),
                arguments("apiType 1e400", bytes(StrictJsonReaderTest.apiType("1e400")), "bodyBasedRouting.apiType"),
                arguments("edgeProxyMode unknown", bytes(StrictJsonReaderTest.edge("\"EDGE_PROXY_MODE_BYPASS\"")),
                        "endpointConfiguration.edgeProxyMode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sample")
    void createRefusesHostileBodiesNamingTheField(String label, byte[] body, String field) {
        assertInvalid(send(body, "application/json").post(BASE), field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sample")
    void fullUpdateRefusesHostileBodiesNamingTheField(String label, byte[] body, String field) {
        String id = createdId(ACME_ADMIN);
        assertInvalid(send(body, "application/json").patch(BASE + "/" + id), field);
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.status.generation", is(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sample")
    void mergePatchRefusesHostileBodiesNamingTheField(String label, byte[] body, String field) {
        String id = createdId(ACME_ADMIN);
        assertInvalid(send(body, MERGE_PATCH).patch(BASE + "/" + id), field);
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.status.generation", is(1));
    }

    @Test
    void badQueryParametersOnListAreClientErrors() {
        List<String> failures = new ArrayList<>();
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("pageSize", List.of("-1", "abc", "", " ", "1.0", "0x10", "1e3", "99999999999999999999", "%00",
                "1%00", "' OR 1=1 --", "\u202e1", "\uD83D\uDE80", "+1", "-0", "1".repeat(5000)));
        params.put("pageToken", List.of("x", "!!!", "%00", "%ff%fe", "' OR 1=1 --", "\uD83D\uDE80",
                "a".repeat(5000), "MTox", "OjoK", "LTE6LTE6LTE", "eyJhIjoxfQ"));
        params.put("updatedAfter", List.of("x", "%00", "2026-01-01T00:00:00Z%00", "2026-01-01T25:00:00Z",
                "2026-01-01T00:00:00+25:00", "' OR 1=1 --", "\uD83D\uDE80", "9".repeat(5000),
                "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "-0001-01-01T00:00:00Z", "2026-01-01T00:00:00.9999999999Z", "1970-01-01T00:00:00-18:00"));
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            for (String value : param.getValue()) {
                check(failures, "GET ?" + param.getKey() + "=" + abbreviate(value),
                        () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                                .get(BASE + "?" + param.getKey() + "=" + encode(value)));
                if (value.contains("%")) { // deliberately percent-encoded (or broken): sent as is
                    check(failures, "GET raw ?" + param.getKey() + "=" + abbreviate(value),
                            () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                                    .get(BASE + "?" + param.getKey() + "=" + value));
                }
            }
        }
        for (String query : List.of("pageSize=1&pageSize=2", "pageToken=&pageSize=2", "updatedAfter=",
                "pageSize=2&pageToken=%C0%AF", "updatedAfter=%E0%A4", "pageToken=%ED%A0%80")) {
            check(failures, "GET ?" + query, () -> request().urlEncodingEnabled(false)
                    .header("Authorization", "Bearer " + ACME_ADMIN).get(BASE + "?" + query));
        }
        report(failures);
    }

    @Test
    void badPathIdsAreClientErrors() {
        List<String> failures = new ArrayList<>();
        for (String id : List.of("%00", "%20", "' OR 1=1 --", "x".repeat(5000), "%F0%9F%9A%80",
                "%ED%A0%80", "%C0%AF", "00000000-0000-0000-0000-000000000000%00", "null", "-1", "0",
                "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "+0000000-0000-0000-0000-000000000000",
                "00000000-0000-0000-0000-00000000000%30")) {
            String path = BASE + "/" + id.replace(" ", "%20").replace("'", "%27");
            check(failures, "GET /" + abbreviate(id),
                    () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN).get(path));
            check(failures, "DELETE /" + abbreviate(id),
                    () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                            .delete(path));
            check(failures, "PATCH /" + abbreviate(id),
                    () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                            .contentType("application/json").body(BASE_DOC).patch(path));
        }
        report(failures);
    }

    // ---- checking ---------------------------------------------------------------------------------------

    /** A client error in the contract's shape, or a success; never a 5xx, never a header the client named. */
    private static void check(List<String> failures, String label, Supplier<Response> call) {
        Response response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            failures.add(label + ": request failed: " + e);
            return;
        }
        int status = response.statusCode();
        String body = response.asString();
        if (status >= 500) {
            failures.add(label + ": " + status + " " + abbreviate(body));
            return;
        }
        if (status == 414 || status == 431) {
            return; // request line or headers too long: refused by the HTTP layer before any resource runs
        }
        if (status >= 400) {
            Object code;
            try {
                code = response.path("code");
            } catch (RuntimeException e) {
                failures.add(label + ": " + status + " with a body that is not the error JSON: " + abbreviate(body));
                return;
            }
            if (!(code instanceof Integer)) {
                failures.add(label + ": " + status + " without a numeric code: " + abbreviate(body));
                return;
            }
            if (status == 400) {
                List<?> violations = response.path("details[0].fieldViolations");
                if ((Integer) code != 3 || violations == null || violations.isEmpty()) {
                    failures.add(label + ": 400 without code 3 and field violations: " + abbreviate(body));
                }
            }
        }
        if (response.headers().hasHeaderWithName("X-Injected")) {
            failures.add(label + ": response header injected");
        }
    }

    private static void report(List<String> failures) {
        if (!failures.isEmpty()) {
            StringJoiner message = new StringJoiner("\n  ", failures.size() + " failures:\n  ", "");
            failures.forEach(message::add);
            fail(message.toString());
        }
    }

    private static RequestSpecification send(byte[] body, String contentType) {
        return request()
                .header("Authorization", "Bearer " + ACME_ADMIN)
                .contentType(contentType)
                .body(body);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
