package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The error table of the contract: status, google.rpc code and the BadRequest detail; unknown-field warnings. */
@QuarkusTest
class ErrorShapeTest {

    @Test
    void invalidArgumentHasTheContractShape() {
        Response response = create(ACME_ADMIN, spec("zones", List.of("US-EAST-04A", "US-NOWHERE-1")));
        response.then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("code", is(3))
                .body("message", is("zones[1]: unknown zone \"US-NOWHERE-1\""))
                .body("details", hasSize(1))
                .body("details[0].'@type'", is("type.googleapis.com/google.rpc.BadRequest"))
                .body("details[0].fieldViolations", hasSize(1))
                .body("details[0].fieldViolations[0].field", is("zones[1]"))
                .body("details[0].fieldViolations[0].description", is("unknown zone \"US-NOWHERE-1\""));
    }

    @Test
    void notFoundHasTheContractShape() {
        assertError(get(ACME_ADMIN, java.util.UUID.randomUUID().toString()), 404, 5);
    }

    @Test
    void bodyLargerThan64KibIsRejected() {
        String id = createdId(ACME_ADMIN);
        for (int size : new int[] {64 * 1024 + 1, 100 * 1024, 200 * 1024}) {
            String big = padded(size);
            assertError(create(ACME_ADMIN, big), 413, 3);
            assertError(patchRaw(ACME_ADMIN, id, "application/json", big), 413, 3);
            assertError(mergePatch(ACME_ADMIN, id, big), 413, 3);
        }
    }

    @Test
    void chunkedBodyLargerThan64KibIsRejected() {
        String id = createdId(ACME_ADMIN);
        for (int size : new int[] {64 * 1024 + 1, 100 * 1024, 200 * 1024}) {
            byte[] big = padded(size).getBytes(StandardCharsets.UTF_8);
            // An InputStream body is sent chunked, without Content-Length.
            assertError(as(ACME_ADMIN).body(new java.io.ByteArrayInputStream(big)).post(BASE), 413, 3);
            assertError(as(ACME_ADMIN).contentType(MERGE_PATCH).body(new java.io.ByteArrayInputStream(big))
                    .patch(BASE + "/" + id), 413, 3);
        }
    }

    @Test
    void bodyOfExactly64KibIsRead() {
        String body = padded(64 * 1024);
        assertEquals(64 * 1024, body.getBytes(StandardCharsets.UTF_8).length);
        create(ACME_ADMIN, body).then().statusCode(200);
    }

    @Test
    void unsupportedMediaTypeIsRejected() {
        String id = createdId(ACME_ADMIN);
        String body = body("[]");
        assertError(given().header("Authorization", "Bearer " + ACME_ADMIN).contentType("text/plain")
                .body(body).post(BASE), 415, 3);
        assertError(given().header("Authorization", "Bearer " + ACME_ADMIN).contentType("application/xml")
                .body("<gateway/>").post(BASE), 415, 3);
        assertError(given().header("Authorization", "Bearer " + ACME_ADMIN).contentType(MERGE_PATCH)
                .body(body).post(BASE), 415, 3);
        assertError(patchRaw(ACME_ADMIN, id, "text/plain", body), 415, 3);
        assertError(patchRaw(ACME_ADMIN, id, "application/octet-stream", "{}"), 415, 3);
    }

    @Test
    void unknownFieldsAreIgnoredAndNamedInAWarning() {
        Map<String, Object> body = with(spec("x", 1), "endpointConfiguration",
                Map.of("foo", List.of(1, 2), "additionalDns", List.of("w.example.com")));
        body.put("status", Map.of("status", "STATUS_READY"));
        Response response = create(ACME_ADMIN, body);
        response.then().statusCode(200)
                .body("gateway.spec", not(hasKey("x")))
                .body("gateway.spec.endpointConfiguration", not(hasKey("foo")))
                .body("gateway.spec.endpointConfiguration.additionalDns", contains("w.example.com"))
                .body("gateway.status.status", is("STATUS_CREATING"));
        List<String> warnings = response.headers().getValues("Warning");
        assertTrue(warnings.contains("299 - \"unknown field \\\"x\\\"\""), warnings.toString());
        assertTrue(warnings.contains("299 - \"unknown field \\\"endpointConfiguration.foo\\\"\""),
                warnings.toString());
        assertTrue(warnings.contains("299 - \"unknown field \\\"status\\\"\""), warnings.toString());

        String id = response.path("gateway.spec.id");
        Response updated = patch(ACME_ADMIN, id, with(body, "name", uniqueName()));
        updated.then().statusCode(200);
        assertTrue(updated.headers().getValues("Warning").contains("299 - \"unknown field \\\"x\\\"\""));
    }

    @Test
    void anErrorAnswerNamesTheUnknownFieldsToo() {
        // a typo beside an invalid value: the 400 names the invalid field, and the Warning the ignored one
        Response refused = create(ACME_ADMIN, with(spec("zonez", List.of("US-EAST-04A")), "name", ""));
        assertInvalid(refused, "name");
        assertTrue(refused.headers().getValues("Warning").contains("299 - \"unknown field \\\"zonez\\\"\""),
                refused.headers().getValues("Warning").toString());
    }

    @Test
    void hostileUnknownFieldNamesCannotBreakOrInjectHeaders() {
        String body = body("[]").replace("{\"name\"", "{\"a\\u0000b\": 1, \"c\\r\\nX-Injected: yes\": 2, "
                + "\"q\\\"uote\\\\\": 3, \"\u00e9\\u202e\": 4, \"" + "k".repeat(5000) + "\": 5, \"name\"");
        Response response = create(ACME_ADMIN, body);
        response.then().log().ifValidationFails().statusCode(200).header("X-Injected", nullValue());
        List<String> warnings = response.headers().getValues("Warning");
        assertEquals(5, warnings.size(), warnings.toString());
        for (String warning : warnings) {
            assertTrue(warning.matches("299 - \"unknown field \\\\\"[\\x20-\\x7e]{1,200}\\\\\"\""), warning);
        }
        assertTrue(warnings.contains("299 - \"unknown field \\\"a\\\\u0000b\\\"\""), warnings.toString());
    }

    @Test
    void knownFieldsProduceNoWarning() {
        Response response = create(ACME_ADMIN, spec("organizationId", "acme"));
        response.then().statusCode(200).header("Warning", nullValue());
    }

    @Test
    void errorsAreJson() {
        given().header("Authorization", "Bearer " + ACME_ADMIN).accept(ContentType.JSON).get(BASE + "/nope")
                .then().statusCode(400).contentType(ContentType.JSON);
    }

    /** A valid create body of exactly {@code size} bytes (padded with an unknown field). */
    static String padded(int size) {
        String head = "{\"name\": \"" + uniqueName() + "\", \"zones\": [], \"coreWeaveAuth\": {}, "
                + "\"pathBasedRouting\": {}, \"pad\": \"";
        String tail = "\"}";
        return head + "p".repeat(size - head.length() - tail.length()) + tail;
    }
}
