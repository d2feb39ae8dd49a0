package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A corpus of hostile bodies thrown at POST and at PATCH (both content types): every answer must be an honest
 * client error in the contract's shape, never a 5xx. Failures are collected and reported together.
 */
@QuarkusTest
class MalformedInputTest {

    /** {@code REJECT}: invalid whatever the mode, must be 4xx; {@code ANY}: may be accepted, must not be 5xx. */
    enum Expect { REJECT, ANY }

    record Case(String label, byte[] body, Expect expect) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static final String BASE_DOC = doc(Map.of());

    // ---- corpus -----------------------------------------------------------------------------------------

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // Not JSON, or not a JSON object.
        reject(c, "empty body", "");
        reject(c, "whitespace only", "  \n\t ");
        reject(c, "open brace", "{");
        reject(c, "close brace", "}");
        reject(c, "key without value", "{\"name\":");
        reject(c, "truncated document", BASE_DOC.substring(0, BASE_DOC.length() - 5));
        reject(c, "missing colon", "{\"name\" \"x\"}");
        reject(c, "lone comma", "{,}");
        reject(c, "trailing comma", "{\"name\": \"x\",}");
        reject(c, "trailing garbage", BASE_DOC + " garbage");
        reject(c, "two documents", BASE_DOC + BASE_DOC);
        reject(c, "bad literal nul", "nul");
        reject(c, "bad literal tru", "{\"coreWeaveAuth\": tru}");
        reject(c, "top-level string", "\"just a string\"");
        reject(c, "top-level null", "null");
        reject(c, "top-level empty array", "[]");
        reject(c, "top-level array of documents", "[" + BASE_DOC + "]");
        reject(c, "top-level number", "42");
        reject(c, "top-level huge number", "1e400");
        reject(c, "top-level boolean", "true");
        reject(c, "single quotes", "{\"name\": 'single'}");
        reject(c, "unquoted key", "{name: \"x\"}");
        reject(c, "comment", "/* comment */" + BASE_DOC);
        reject(c, "line comment", "{\"name\": \"x\" // c\n}");
        reject(c, "NaN", doc(Map.of("name", "NaN")));
        reject(c, "Infinity", doc(Map.of("bodyBasedRouting", "{\"apiType\": Infinity}")));
        reject(c, "invalid escape", doc(Map.of("name", "\"\\x41\"")));
        reject(c, "short unicode escape", doc(Map.of("name", "\"\\u12\"")));
        reject(c, "raw control character in string", doc(Map.of("name", "\"tab\tinside\"")));
        reject(c, "raw newline in string", doc(Map.of("name", "\"line\nbreak\"")));
        reject(c, "deeply nested arrays (5000)", "[".repeat(5000) + "]".repeat(5000));
        reject(c, "deeply nested arrays in unknown field", doc(Map.of("x", "[".repeat(5000) + "]".repeat(5000))));
        reject(c, "deeply nested objects in unknown field", doc(Map.of("x", "{\"a\":".repeat(5000) + "1"
                + "}".repeat(5000))));
        reject(c, "deeply nested arrays in zones", doc(Map.of("zones", "[".repeat(5000) + "]".repeat(5000))));
        reject(c, "number with 10000 digits", doc(Map.of("name", "1".repeat(10_000))));
        // Duplicate keys.
        reject(c, "duplicate top-level key", BASE_DOC.replace("{\"name\"", "{\"name\": \"dup\", \"name\""));
        reject(c, "duplicate nested key", doc(Map.of("bodyBasedRouting", "{\"apiType\": 1, \"apiType\": 1}")));
        // Wrong types everywhere.
        reject(c, "name number", doc(Map.of("name", "5")));
        reject(c, "name huge float", doc(Map.of("name", "1e400")));
        reject(c, "name huge integer", doc(Map.of("name", "123456789012345678901234567890")));
        reject(c, "name boolean", doc(Map.of("name", "true")));
        reject(c, "name null", doc(Map.of("name", "null")));
        reject(c, "name array", doc(Map.of("name", "[\"a\"]")));
        reject(c, "name object", doc(Map.of("name", "{}")));
        reject(c, "zones string", doc(Map.of("zones", "\"x\"")));
        reject(c, "zones number", doc(Map.of("zones", "5")));
        reject(c, "zones object", doc(Map.of("zones", "{}")));
        reject(c, "zones null", doc(Map.of("zones", "null")));
        reject(c, "zone number", doc(Map.of("zones", "[1]")));
        reject(c, "zone null", doc(Map.of("zones", "[null]")));
        reject(c, "zone array", doc(Map.of("zones", "[[]]")));
        reject(c, "zone object", doc(Map.of("zones", "[{}]")));
        reject(c, "coreWeaveAuth number", doc(Map.of("coreWeaveAuth", "5")));
        reject(c, "coreWeaveAuth string", doc(Map.of("coreWeaveAuth", "\"x\"")));
        reject(c, "coreWeaveAuth empty string", doc(Map.of("coreWeaveAuth", "\"\"")));
        reject(c, "coreWeaveAuth array", doc(Map.of("coreWeaveAuth", "[]")));
        reject(c, "coreWeaveAuth boolean", doc(Map.of("coreWeaveAuth", "true")));
        reject(c, "bodyBasedRouting number", doc(Map.of("bodyBasedRouting", "1")));
        reject(c, "bodyBasedRouting array", doc(Map.of("bodyBasedRouting", "[]")));
        reject(c, "apiType huge float", doc(Map.of("bodyBasedRouting", "{\"apiType\": 1e400}")));
        reject(c, "apiType huge integer", doc(Map.of("bodyBasedRouting", "{\"apiType\": 99999999999999999999999}")));
        reject(c, "apiType 2^32+1", doc(Map.of("bodyBasedRouting", "{\"apiType\": 4294967297}")));
        reject(c, "apiType float 1.0", doc(Map.of("bodyBasedRouting", "{\"apiType\": 1.0}")));
        reject(c, "apiType null", doc(Map.of("bodyBasedRouting", "{\"apiType\": null}")));
        reject(c, "apiType with NUL", doc(Map.of("bodyBasedRouting", "{\"apiType\": \"API_TYPE_OPENAI\\u0000\"}")));
        reject(c, "apiType object", doc(Map.of("bodyBasedRouting", "{\"apiType\": {\"a\": 1}}")));
        reject(c, "headerName number", header("5"));
        reject(c, "headerBasedRouting string", doc(Map.of("bodyBasedRouting", "", "headerBasedRouting", "\"X\"")));
        reject(c, "weightsAndBiasesAuth string", wandb("\"key\""));
        reject(c, "apiKey number", wandb("{\"apiKey\": 5}"));
        reject(c, "apiKey array", wandb("{\"apiKey\": [\"a\"]}"));
        reject(c, "enableUsageReports string", wandb("{\"enableUsageReports\": \"yes\"}"));
        reject(c, "enableUsageReports number", wandb("{\"enableUsageReports\": 1}"));
        accept(c, "enableRateLimiting null", wandb("{\"enableRateLimiting\": null}"));
        reject(c, "serverUrl number", wandb("{\"apiKey\": \"k\", \"serverUrl\": 5}"));
        reject(c, "serverUrl with NUL", wandb("{\"apiKey\": \"k\", \"serverUrl\": \"https://a\\u0000.com\"}"));
        reject(c, "serverUrl too long", wandb("{\"apiKey\": \"k\", \"serverUrl\": \"https://" + "a".repeat(3000)
                + ".com\"}"));
        reject(c, "serverUrl javascript", wandb("{\"apiKey\": \"k\", \"serverUrl\": \"javascript:alert(1)\"}"));
        reject(c, "endpointConfiguration number", doc(Map.of("endpointConfiguration", "5")));
        reject(c, "endpointConfiguration array", doc(Map.of("endpointConfiguration", "[]")));
        reject(c, "additionalDns string", endpoints("{\"additionalDns\": \"x.com\"}"));
        reject(c, "additionalDns number entry", endpoints("{\"additionalDns\": [5]}"));
        reject(c, "additionalDns null entry", endpoints("{\"additionalDns\": [null]}"));
        reject(c, "additionalDns 101 entries", endpoints("{\"additionalDns\": [" + entries(101, "h%d.example.com")
                + "]}"));
        reject(c, "allowedSourceIpRanges object", endpoints("{\"allowedSourceIpRanges\": {}}"));
        reject(c, "CIDR with huge prefix", endpoints("{\"allowedSourceIpRanges\": [\"1.2.3.4/99999999999999999999\"]}"));
        reject(c, "CIDR with 4-digit prefix", endpoints("{\"allowedSourceIpRanges\": [\"1.2.3.4/0032\"]}"));
        reject(c, "CIDR with NUL", endpoints("{\"allowedSourceIpRanges\": [\"::/0\\u0000\"]}"));
        reject(c, "CIDR with huge IPv4 octet", endpoints("{\"allowedSourceIpRanges\": [\"99999999999.1.1.1/8\"]}"));
        reject(c, "CIDR IPv6 too many groups", endpoints("{\"allowedSourceIpRanges\": [\"1:2:3:4:5:6:7:8:9/64\"]}"));
        reject(c, "id number", doc(Map.of("id", "5")));
        reject(c, "id not a uuid", doc(Map.of("id", "\"not-a-uuid\"")));
        reject(c, "id object", doc(Map.of("id", "{}")));
        reject(c, "id with NUL", doc(Map.of("id", "\"\\u0000\"")));
        accept(c, "organizationId number (output only)", doc(Map.of("organizationId", "5")));
        // NUL and unpaired surrogates.
        reject(c, "name with NUL", doc(Map.of("name", "\"a\\u0000b\"")));
        reject(c, "name lone high surrogate", doc(Map.of("name", "\"\\ud800\"")));
        reject(c, "name lone low surrogate", doc(Map.of("name", "\"a\\udc00b\"")));
        reject(c, "name reversed surrogate pair", doc(Map.of("name", "\"\\udc00\\ud800\"")));
        reject(c, "name with escape character", doc(Map.of("name", "\"a\\u001bb\"")));
        reject(c, "zone with NUL", doc(Map.of("zones", "[\"US-EAST-04A\\u0000\"]")));
        reject(c, "zone lone surrogate", doc(Map.of("zones", "[\"\\ud800\"]")));
        reject(c, "headerName with NUL", header("\"X\\u0000\""));
        reject(c, "headerName lone surrogate", header("\"\\ud800\""));
        reject(c, "apiKey with NUL", wandb("{\"apiKey\": \"k\\u0000\"}"));
        reject(c, "apiKey lone surrogate", wandb("{\"apiKey\": \"\\ud800\"}"));
        reject(c, "additionalDns with NUL", endpoints("{\"additionalDns\": [\"a\\u0000.com\"]}"));
        reject(c, "additionalDns lone surrogate", endpoints("{\"additionalDns\": [\"\\ud800.com\"]}"));
        accept(c, "unknown field named NUL", doc(Map.of("\\u0000", "1")));
        accept(c, "unknown field named lone surrogate", doc(Map.of("\\ud800", "1")));
        accept(c, "unknown field named with CR LF", doc(Map.of("a\\r\\nX-Injected: yes", "1")));
        accept(c, "unknown field named with quote and backslash", doc(Map.of("a\\\"b\\\\c", "1")));
        accept(c, "unknown field named with non-ASCII", doc(Map.of("f\u00e9ld\u202e\uD83D\uDE80", "1")));
        accept(c, "unknown field with a very long name", doc(Map.of("k".repeat(20_000), "1")));
        accept(c, "many unknown fields", doc(Map.of("f0", "1" + unknownFields(3000))));
        accept(c, "unknown field holding 1e400", doc(Map.of("x", "1e400")));
        // Odd Unicode.
        accept(c, "name right-to-left override", doc(Map.of("name", "\"\u202egw-rtl\"")));
        accept(c, "name emoji", doc(Map.of("name", "\"\uD83D\uDE80 gateway\"")));
        accept(c, "name zero-width space", doc(Map.of("name", "\"\u200b\"")));
        accept(c, "name byte order mark", doc(Map.of("name", "\"\ufeffgw\"")));
        accept(c, "name 38 emoji", doc(Map.of("name", "\"" + "\uD83D\uDE80".repeat(38) + "\"")));
        reject(c, "name 39 emoji", doc(Map.of("name", "\"" + "\uD83D\uDE80".repeat(39) + "\"")));
        accept(c, "name combining marks", doc(Map.of("name", "\"e\u0301\u0301\u0301\"")));
        reject(c, "zone with zero-width space", doc(Map.of("zones", "[\"US-EAST-04A\u200b\"]")));
        reject(c, "zone with RTL override", doc(Map.of("zones", "[\"\u202eUS-EAST-04A\"]")));
        reject(c, "zone with unicode hyphens", doc(Map.of("zones", "[\"US\u2010EAST\u201004A\"]")));
        reject(c, "zone in fullwidth letters", doc(Map.of("zones", "[\"\uFF35\uFF33-EAST-04A\"]")));
        reject(c, "zone with dotless i trick", doc(Map.of("zones", "[\"us-east-04a\u0131\"]")));
        reject(c, "headerName emoji", header("\"X-\uD83D\uDE80\""));
        reject(c, "headerName zero-width", header("\"X\u200bY\""));
        reject(c, "additionalDns IDN unencoded", endpoints("{\"additionalDns\": [\"b\u00fccher.example\"]}"));
        accept(c, "additionalDns punycode", endpoints("{\"additionalDns\": [\"xn--bcher-kva.example\"]}"));
        // SQL injection.
        accept(c, "name SQL injection", doc(Map.of("name", "\"'; DROP TABLE gateway; --\"")));
        reject(c, "zone SQL injection", doc(Map.of("zones", "[\"' OR '1'='1\"]")));
        reject(c, "headerName SQL injection", header("\"x' OR 1=1 --\""));
        reject(c, "id SQL injection", doc(Map.of("id", "\"' OR 1=1 --\"")));
        reject(c, "additionalDns SQL injection", endpoints("{\"additionalDns\": [\"a.com'; DROP TABLE gateway;--\"]}"));
        // Very long strings (still below the 64 KiB body limit).
        reject(c, "name 60000 characters", doc(Map.of("name", "\"" + "a".repeat(60_000) + "\"")));
        reject(c, "zone 60000 characters", doc(Map.of("zones", "[\"" + "A".repeat(60_000) + "\"]")));
        reject(c, "headerName 60000 characters", header("\"" + "h".repeat(60_000) + "\""));
        reject(c, "apiKey 60000 characters", wandb("{\"apiKey\": \"" + "k".repeat(60_000) + "\"}"));
        reject(c, "5000 unknown zones", doc(Map.of("zones", "[" + entries(5000, "Z-%d") + "]")));
        accept(c, "3000 duplicate zones", doc(Map.of("zones", "[" + entries(3000, "us-east-04a") + "]")));
        // Invalid UTF-8.
        c.add(new Case("invalid UTF-8 continuation", utf8WithBytes(new byte[] {(byte) 0xC3, 0x28}), Expect.REJECT));
        c.add(new Case("invalid UTF-8 byte FF", utf8WithBytes(new byte[] {(byte) 0xFF}), Expect.REJECT));
        c.add(new Case("overlong UTF-8 slash", utf8WithBytes(new byte[] {(byte) 0xC0, (byte) 0xAF}), Expect.REJECT));
        c.add(new Case("lone UTF-8 continuation byte", utf8WithBytes(new byte[] {(byte) 0x80}), Expect.REJECT));
        c.add(new Case("truncated UTF-8 sequence", utf8WithBytes(new byte[] {(byte) 0xE2, (byte) 0x82}),
                Expect.REJECT));
        c.add(new Case("UTF-8 encoded surrogate (CESU-8)", utf8WithBytes(new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}), Expect.REJECT));
        c.add(new Case("invalid UTF-8 in a key", concat("{\"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFE}, "\": 1}".getBytes(StandardCharsets.UTF_8)), Expect.REJECT));
        c.add(new Case("UTF-8 byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                BASE_DOC.getBytes(StandardCharsets.UTF_8)), Expect.ANY));
        c.add(new Case("UTF-16 body", BASE_DOC.getBytes(StandardCharsets.UTF_16), Expect.ANY));
        c.add(new Case("NUL bytes", new byte[] {0, 0, 0, 0}, Expect.REJECT));
        return c;
    }

    // ---- tests ------------------------------------------------------------------------------------------

    @Test
    void corpusIsLargeEnough() {
        assertTrue(corpus().size() >= 60, "corpus has " + corpus().size() + " cases");
    }

    @Test
    void createNeverFailsOnHostileBodies() {
        List<String> failures = new ArrayList<>();
        for (Case c : corpus()) {
            check(failures, "POST " + c, c.expect(), () -> send(c.body(), "application/json").post(BASE));
        }
        report(failures);
    }

    @Test
    void replaceNeverFailsOnHostileBodies() {
        List<String> failures = new ArrayList<>();
        for (Case c : corpus()) {
            String id = createdId(ACME_ADMIN);
            check(failures, "PATCH json " + c, c.expect(),
                    () -> send(c.body(), "application/json").patch(BASE + "/" + id));
        }
        report(failures);
    }

    @Test
    void mergePatchNeverFailsOnHostileBodies() {
        List<String> failures = new ArrayList<>();
        for (Case c : corpus()) {
            String id = createdId(ACME_ADMIN);
            check(failures, "PATCH merge " + c, c.expect(),
                    () -> send(c.body(), MERGE_PATCH).patch(BASE + "/" + id));
        }
        report(failures);
    }

    @Test
    void theServiceStillWorksAfterTheCorpus() {
        String id = createdId(ACME_ADMIN);
        as(ACME_ADMIN).get(BASE).then().statusCode(200);
        get(ACME_ADMIN, id).then().statusCode(200);
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
                check(failures, "GET ?" + param.getKey() + "=" + abbreviate(value), Expect.ANY,
                        () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                                .get(BASE + "?" + param.getKey() + "=" + encode(value)));
                if (value.contains("%")) { // deliberately percent-encoded (or broken): sent as is
                    check(failures, "GET raw ?" + param.getKey() + "=" + abbreviate(value), Expect.ANY,
                            () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                                    .get(BASE + "?" + param.getKey() + "=" + value));
                }
            }
        }
        for (String query : List.of("pageSize=1&pageSize=2", "pageToken=&pageSize=2", "updatedAfter=",
                "pageSize=2&pageToken=%C0%AF", "updatedAfter=%E0%A4", "pageToken=%ED%A0%80")) {
            check(failures, "GET ?" + query, Expect.ANY, () -> request().urlEncodingEnabled(false)
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
            check(failures, "GET /" + abbreviate(id), Expect.ANY,
                    () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN).get(path));
            check(failures, "DELETE /" + abbreviate(id), Expect.ANY,
                    () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                            .delete(path));
            check(failures, "PATCH /" + abbreviate(id), Expect.ANY,
                    () -> request().urlEncodingEnabled(false).header("Authorization", "Bearer " + ACME_ADMIN)
                            .contentType("application/json").body(BASE_DOC).patch(path));
        }
        report(failures);
    }

    // ---- checking ---------------------------------------------------------------------------------------

    private static void check(List<String> failures, String label, Expect expect, Supplier<Response> call) {
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
        if (expect == Expect.REJECT && (status < 400 || status >= 500)) {
            failures.add(label + ": expected 4xx, got " + status + " " + abbreviate(body));
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

    // ---- corpus helpers ---------------------------------------------------------------------------------

    /**
     * A valid spec document whose members are replaced by raw JSON fragments; an empty fragment removes the
     * member; unknown names are appended.
     */
    static String doc(Map<String, String> overrides) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("name", "\"corpus-gw\"");
        members.put("zones", "[\"US-EAST-04A\"]");
        members.put("coreWeaveAuth", "{}");
        members.put("bodyBasedRouting", "{\"apiType\": \"API_TYPE_OPENAI\"}");
        members.putAll(overrides);
        StringJoiner json = new StringJoiner(", ", "{", "}");
        members.forEach((name, value) -> {
            if (!value.isEmpty()) {
                json.add("\"" + name + "\": " + value);
            }
        });
        return json.toString();
    }

    private static String header(String headerNameJson) {
        return doc(Map.of("bodyBasedRouting", "", "headerBasedRouting", "{\"headerName\": " + headerNameJson + "}"));
    }

    private static String wandb(String authJson) {
        return doc(Map.of("coreWeaveAuth", "", "weightsAndBiasesAuth", authJson));
    }

    private static String endpoints(String configurationJson) {
        return doc(Map.of("endpointConfiguration", configurationJson));
    }

    private static String entries(int count, String format) {
        StringJoiner list = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            list.add("\"" + String.format(format, i) + "\"");
        }
        return list.toString();
    }

    private static String unknownFields(int count) {
        StringBuilder fields = new StringBuilder();
        for (int i = 1; i < count; i++) {
            fields.append(", \"f").append(i).append("\": ").append(i);
        }
        return fields.toString();
    }

    private static byte[] utf8WithBytes(byte[] inName) {
        return concat("{\"name\": \"bad".getBytes(StandardCharsets.UTF_8), inName,
                ("\", \"zones\": [], \"coreWeaveAuth\": {}, \"pathBasedRouting\": {}}").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void reject(List<Case> cases, String label, String body) {
        cases.add(new Case(label, body.getBytes(StandardCharsets.UTF_8), Expect.REJECT));
    }

    private static void accept(List<Case> cases, String label, String body) {
        cases.add(new Case(label, body.getBytes(StandardCharsets.UTF_8), Expect.ANY));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
