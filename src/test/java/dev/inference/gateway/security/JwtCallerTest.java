package dev.inference.gateway.security;

import static dev.inference.gateway.api.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.inference.gateway.support.IdentityProviderResource;
import dev.inference.gateway.support.LogCapture;
import dev.inference.gateway.support.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.logging.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Production callers: JWTs verified offline against the identity provider's JWKS. The token's subject is the actor,
 * {@code org_id} its organization, and only the inference groups grant roles. Every token the service cannot
 * verify answers 401; a role that may not answers 403; another organization's gateway 404.
 */
@QuarkusTest
@QuarkusTestResource(IdentityProviderResource.class) // every @QuarkusTest gets it: one boot for all
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtCallerTest {
    static final String ORG = "jwt-" + UUID.randomUUID().toString().substring(0, 8);

    static Response call(String jwt) {
        return given().header("Authorization", "Bearer " + jwt).get(BASE);
    }

    /**
     * Runs first: the first token of an unknown key makes the service fetch the keys again at once; a second one
     * within the minute does not (a flood of made-up kids cannot make it hammer the identity provider).
     */
    @Test
    @Order(1)
    void aKeyPublishedLaterIsAcceptedWithoutARestart() {
        call(TestTokens.token(ORG, "alice", TestTokens.VIEWER)).then().statusCode(200);
        TestTokens.makeKey("test-key-2", true);
        String rotated = TestTokens.token("test-key-2", c -> c, ORG, "alice", TestTokens.VIEWER);
        call(rotated).then().statusCode(200);
        // the first key is still published, and still good
        call(TestTokens.token(ORG, "alice", TestTokens.VIEWER)).then().statusCode(200);
        // a third key within the same minute: not fetched yet
        TestTokens.makeKey("test-key-3", true);
        assertError(call(TestTokens.token("test-key-3", c -> c, ORG, "alice", TestTokens.VIEWER)), 401, 16);
    }

    @Test
    @Order(2)
    void everyTokenThatCannotBeVerifiedIsUnauthenticated() {
        TestTokens.makeKey("test-key-unpublished", false);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", TestTokens.token(TestTokens.FIRST_KEY,
                c -> c.issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(300)),
                ORG, "alice", TestTokens.ADMIN));
        tokens.put("wrong issuer", TestTokens.token(TestTokens.FIRST_KEY, c -> c.issuer("https://evil.example/"),
                ORG, "alice", TestTokens.ADMIN));
        tokens.put("wrong audience", TestTokens.token(TestTokens.FIRST_KEY, c -> c.audience("someone-else"),
                ORG, "alice", TestTokens.ADMIN));
        tokens.put("unknown kid", TestTokens.token("test-key-unpublished", c -> c, ORG, "alice", TestTokens.ADMIN));
        String good = TestTokens.token(ORG, "alice", TestTokens.ADMIN);
        String forged = TestTokens.token("test-key-unpublished", c -> c, ORG, "mallory", TestTokens.ADMIN);
        tokens.put("signature of another key", good.substring(0, good.lastIndexOf('.'))
                + forged.substring(forged.lastIndexOf('.')));
        tokens.put("malformed", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln");
        tokens.put("no organization", TestTokens.token(TestTokens.FIRST_KEY, c -> c.remove("org_id"), ORG,
                "alice", TestTokens.ADMIN));
        try (LogCapture logs = new LogCapture()) {
            tokens.forEach((what, jwt) -> {
                Response response = given().header("Authorization", "Bearer " + jwt).contentType(ContentType.JSON)
                        .body(spec()).post(BASE);
                assertError(response, 401, 16);
                response.then().header("WWW-Authenticate", startsWith("Bearer"));
            });
            call(good).then().statusCode(200);
            for (String jwt : tokens.values()) {
                String signature = jwt.substring(jwt.lastIndexOf('.') + 1);
                assertThat(logs.lines(Level.ALL)).as("no token in any log line").noneMatch(line ->
                        line.contains(signature) || line.contains(jwt.substring(0, jwt.indexOf('.'))));
            }
        }
        // none of them created anything
        call(good).then().statusCode(200).body("items", empty());
    }

    @Test
    @Order(3)
    void rolesComeFromTheInferenceGroupsOnly() {
        String org = "jwt-roles-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = TestTokens.token(org, "ann", TestTokens.ADMIN);
        String viewer = TestTokens.token(org, "vic", TestTokens.VIEWER);
        String id = createdId(admin);
        get(viewer, id).then().statusCode(200);
        assertError(patch(viewer, id, spec()), 403, 7);
        assertError(delete(viewer, id), 403, 7);
        // groups named like roles, or none: no role at all
        for (String jwt : new String[] {TestTokens.token(org, "eve", "admin", "viewer"),
                TestTokens.token(org, "nobody")}) {
            assertError(get(jwt, id), 403, 7);
            assertError(create(jwt, spec()), 403, 7);
        }
        get(admin, id).then().statusCode(200).body("gateway.status.generation", is(1));
    }

    @Test
    @Order(4)
    void anotherOrganizationsGatewayIsNotFound() {
        String mine = TestTokens.token("jwt-a-" + UUID.randomUUID(), "ann", TestTokens.ADMIN);
        String theirs = TestTokens.token("jwt-b-" + UUID.randomUUID(), "bob", TestTokens.ADMIN);
        String id = createdId(mine);
        assertError(get(theirs, id), 404, 5);
        assertError(patch(theirs, id, spec()), 404, 5);
        assertError(delete(theirs, id), 404, 5);
        call(theirs).then().statusCode(200).body("items", empty());
        get(mine, id).then().statusCode(200).body("gateway.status.generation", is(1));
    }
}
