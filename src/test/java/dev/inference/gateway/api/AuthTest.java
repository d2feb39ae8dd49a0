package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Tokens: 401 without a known one, 403 for a viewer writing, and organizations that never see each other. */
@QuarkusTest
class AuthTest {

    /** Every endpoint, given a request specification. */
    private static List<Function<RequestSpecification, Response>> endpoints(String id) {
        return List.of(
                r -> r.contentType(ContentType.JSON).body(spec()).post(BASE),
                r -> r.get(BASE),
                r -> r.get(BASE + "/" + id),
                r -> r.contentType(ContentType.JSON).body(spec()).patch(BASE + "/" + id),
                r -> r.contentType(MERGE_PATCH).body("{}").patch(BASE + "/" + id),
                r -> r.delete(BASE + "/" + id),
                r -> r.get(PARAMETERS));
    }

    @Test
    void missingOrUnknownTokenIsUnauthenticated() {
        String id = createdId(ACME_ADMIN);
        List<Function<RequestSpecification, Response>> calls = endpoints(id);
        for (String authorization : new String[] {null, "", "Bearer", "Bearer ", "Bearer nope", "Basic dGVzdA==",
                "test-acme-admin", "Bearer test-acme-admin-x", "Bearer TEST-ACME-ADMIN", "Token test-acme-admin"}) {
            for (Function<RequestSpecification, Response> call : calls) {
                RequestSpecification request = given();
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                Response response = call.apply(request);
                assertError(response, 401, 16);
                response.then().header("WWW-Authenticate", startsWith("Bearer"));
            }
        }
        // Nothing happened to the gateway.
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.status.generation", is(1))
                .body("gateway.status.status", not(is("STATUS_DELETING")));
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        given().header("Authorization", "bearer " + ACME_ADMIN).get(BASE).then().statusCode(200);
    }

    @Test
    void viewerCannotWrite() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        assertError(create(ACME_VIEWER, spec()), 403, 7);
        assertError(patch(ACME_VIEWER, id, with(body, "name", uniqueName())), 403, 7);
        assertError(mergePatch(ACME_VIEWER, id, "{\"name\": \"viewer\"}"), 403, 7);
        assertError(delete(ACME_VIEWER, id), 403, 7);
        get(ACME_VIEWER, id).then().statusCode(200)
                .body("gateway.spec.name", is(body.get("name")))
                .body("gateway.status.generation", is(1))
                .body("gateway.status.status", not(is("STATUS_DELETING")));
        as(ACME_VIEWER).get(BASE).then().statusCode(200).body("items.spec.id", hasItem(id));
        as(ACME_VIEWER).get(PARAMETERS).then().statusCode(200).body("zones", hasSize(4));
    }

    @Test
    void anotherOrganizationsGatewayIsExactlyAsAbsent() {
        Map<String, Object> body = spec();
        String theirs = createdId(GLOBEX_ADMIN, body);
        String absent = UUID.randomUUID().toString();
        Map<String, Object> update = with(body, "name", uniqueName());

        assertSameAsAbsent(get(ACME_ADMIN, theirs), get(ACME_ADMIN, absent), theirs, absent);
        assertSameAsAbsent(patch(ACME_ADMIN, theirs, update), patch(ACME_ADMIN, absent, update), theirs, absent);
        assertSameAsAbsent(mergePatch(ACME_ADMIN, theirs, "{\"name\": \"x\"}"),
                mergePatch(ACME_ADMIN, absent, "{\"name\": \"x\"}"), theirs, absent);
        assertSameAsAbsent(delete(ACME_ADMIN, theirs), delete(ACME_ADMIN, absent), theirs, absent);
        assertSameAsAbsent(as(ACME_ADMIN).header("If-Match", "\"bogus\"").delete(BASE + "/" + theirs),
                as(ACME_ADMIN).header("If-Match", "\"bogus\"").delete(BASE + "/" + absent), theirs, absent);
        assertSameAsAbsent(as(ACME_VIEWER).get(BASE + "/" + theirs), as(ACME_VIEWER).get(BASE + "/" + absent),
                theirs, absent);

        // Their gateway is untouched.
        get(GLOBEX_ADMIN, theirs).then().statusCode(200)
                .body("gateway.spec.name", is(body.get("name")))
                .body("gateway.status.generation", is(1))
                .body("gateway.status.status", not(is("STATUS_DELETING")));
    }

    private static void assertSameAsAbsent(Response theirs, Response absent, String theirId, String absentId) {
        assertError(theirs, 404, 5);
        assertError(absent, 404, 5);
        assertEquals(absent.asString().replace(absentId, "ID"), theirs.asString().replace(theirId, "ID"));
        assertEquals(absent.header("ETag"), theirs.header("ETag"));
    }
}
