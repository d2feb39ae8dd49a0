package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PATCH /gateways/{id} with application/merge-patch+json (extension, RFC 7396). */
@QuarkusTest
class MergePatchTest {

    @Test
    void changingOnlyTheNameKeepsEverythingElse() {
        String host = host("mp");
        Map<String, Object> body = spec("endpointConfiguration", Map.of("additionalDns", List.of(host)));
        body.put("zones", List.of("US-EAST-04A", "US-WEST-09B"));
        Response created = create(ACME_ADMIN, body);
        String id = created.then().statusCode(200).extract().path("gateway.spec.id");
        String newName = uniqueName();
        mergePatch(ACME_ADMIN, id, "{\"name\": \"" + newName + "\"}").then().statusCode(200)
                .header("ETag", not(emptyOrNullString()))
                .body("gateway.spec.name", is(newName))
                .body("gateway.spec.zones", contains("US-EAST-04A", "US-WEST-09B"))
                .body("gateway.spec.coreWeaveAuth", anEmptyMap())
                .body("gateway.spec.bodyBasedRouting.apiType", is("API_TYPE_OPENAI"))
                .body("gateway.spec.endpointConfiguration.additionalDns", contains(host))
                .body("gateway.status.generation", is(2));
        get(ACME_ADMIN, id).then().body("gateway.spec.name", is(newName));
    }

    @Test
    void nullingOneAuthAndSettingTheOtherSwitchesAuth() {
        String id = createdId(ACME_ADMIN);
        String key = "k-" + UUID.randomUUID();
        Response switched = mergePatch(ACME_ADMIN, id, """
                {"coreWeaveAuth": null,
                 "weightsAndBiasesAuth": {"apiKey": "%s", "serverUrl": "https://wandb.example.com",
                                          "enableUsageReports": true}}
                """.formatted(key));
        switched.then().statusCode(200)
                .body("gateway.spec", not(hasKey("coreWeaveAuth")))
                .body("gateway.spec.weightsAndBiasesAuth.serverUrl", is("https://wandb.example.com"))
                .body("gateway.spec.weightsAndBiasesAuth.enableUsageReports", is(true))
                .body("gateway.spec.weightsAndBiasesAuth", not(hasKey("apiKey")))
                .body("gateway.status.generation", is(2));
        org.junit.jupiter.api.Assertions.assertFalse(switched.asString().contains(key));
        // Patching a field of the option keeps the stored key (serverUrl stays valid without sending the key).
        mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"enableRateLimiting\": true}}").then()
                .statusCode(200)
                .body("gateway.spec.weightsAndBiasesAuth.enableRateLimiting", is(true))
                .body("gateway.spec.weightsAndBiasesAuth.enableUsageReports", is(true))
                .body("gateway.status.generation", is(3));
    }

    @Test
    void switchingRouting() {
        String id = createdId(ACME_ADMIN);
        mergePatch(ACME_ADMIN, id, "{\"bodyBasedRouting\": null, \"headerBasedRouting\": {\"headerName\": \"X-M\"}}")
                .then().statusCode(200)
                .body("gateway.spec", not(hasKey("bodyBasedRouting")))
                .body("gateway.spec.headerBasedRouting.headerName", is("X-M"));
        mergePatch(ACME_ADMIN, id, "{\"headerBasedRouting\": null, \"bodyBasedRouting\": {\"apiType\": 1}}")
                .then().statusCode(200)
                .body("gateway.spec", not(hasKey("headerBasedRouting")))
                .body("gateway.spec.bodyBasedRouting.apiType", is("API_TYPE_OPENAI"));
    }

    @Test
    void anInvalidResultIsRejectedAndNothingChanges() {
        String id = createdId(ACME_ADMIN);
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"coreWeaveAuth\": null}"), "auth");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"weightsAndBiasesAuth\": {\"apiKey\": \"k\"}}"), "auth");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"pathBasedRouting\": {}}"), "routing");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"bodyBasedRouting\": null}"), "routing");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"name\": null}"), "name");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"zones\": null}"), "zones");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"name\": \"" + "n".repeat(39) + "\"}"), "name");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"zones\": [\"US-EAST-04A\", \"NOWHERE\"]}"), "zones[1]");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"bodyBasedRouting\": {\"apiType\": 0}}"),
                "bodyBasedRouting.apiType");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"name\": 5}"), "name");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"zones\": \"x\"}"), "zones");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"id\": \"" + UUID.randomUUID() + "\"}"), "id");
        get(ACME_ADMIN, id).then().body("gateway.status.generation", is(1));
    }

    @Test
    void patchingNestedObjectsMergesThem() {
        String a = host("a");
        String b = host("b");
        String id = createdId(ACME_ADMIN, spec("endpointConfiguration", Map.of(
                "additionalDns", List.of(a), "allowedSourceIpRanges", List.of("10.0.0.0/8"))));
        mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"additionalDns\": [\"" + b + "\"]}}")
                .then().statusCode(200)
                .body("gateway.spec.endpointConfiguration.additionalDns", contains(b))
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges", contains("10.0.0.0/8"));
        mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"allowedSourceIpRanges\": null}}")
                .then().statusCode(200)
                .body("gateway.spec.endpointConfiguration.additionalDns", contains(b))
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges", empty());
    }

    @Test
    void anEmptyPatchChangesNothing() {
        String id = createdId(ACME_ADMIN);
        settledEtag(ACME_ADMIN, id); // the rollout changes status and updatedAt until READY
        Response before = get(ACME_ADMIN, id);
        mergePatch(ACME_ADMIN, id, "{}").then().statusCode(200)
                .body("gateway.status.generation", is(1))
                .body("gateway.status.updatedAt", is((String) before.path("gateway.status.updatedAt")))
                .body("gateway.spec", is((Map<?, ?>) before.path("gateway.spec")));
        // Setting a field to its current value is no change either.
        mergePatch(ACME_ADMIN, id, "{\"name\": \"" + before.path("gateway.spec.name") + "\"}").then()
                .statusCode(200)
                .body("gateway.status.generation", is(1));
    }

    @Test
    void idInPatchEqualToThePathIdIsAccepted() {
        String id = createdId(ACME_ADMIN);
        mergePatch(ACME_ADMIN, id, "{\"id\": \"" + id + "\", \"name\": \"" + uniqueName() + "\"}").then()
                .statusCode(200).body("gateway.spec.id", is(id));
    }

    @Test
    void patchMustBeAJsonObject() {
        String id = createdId(ACME_ADMIN);
        for (String bad : List.of("[]", "null", "5", "\"name\"", "", "{", "{\"name\": \"a\",}")) {
            assertInvalid(mergePatch(ACME_ADMIN, id, bad));
        }
    }

    @Test
    void unknownFieldsInAPatchAreNamedInAWarning() {
        String id = createdId(ACME_ADMIN);
        Response response = mergePatch(ACME_ADMIN, id, "{\"x\": 1, \"endpointConfiguration\": {\"foo\": true}}");
        response.then().statusCode(200);
        List<String> warnings = response.headers().getValues("Warning");
        org.junit.jupiter.api.Assertions.assertTrue(warnings.contains("299 - \"unknown field \\\"x\\\"\""),
                warnings.toString());
        org.junit.jupiter.api.Assertions.assertTrue(
                warnings.contains("299 - \"unknown field \\\"endpointConfiguration.foo\\\"\""), warnings.toString());
    }

    @Test
    void mergePatchHonoursIfMatch() {
        String id = createdId(ACME_ADMIN);
        assertError(given(id, "\"bogus\"").body("{\"name\": \"" + uniqueName() + "\"}").patch(BASE + "/" + id),
                412, 9);
        String etag = settledEtag(ACME_ADMIN, id);
        given(id, etag).body("{\"name\": \"" + uniqueName() + "\"}").patch(BASE + "/" + id).then().statusCode(200);
    }

    @Test
    void mergePatchOfAnotherOrganizationsGatewayIsNotFound() {
        String id = createdId(GLOBEX_ADMIN);
        assertError(mergePatch(ACME_ADMIN, id, "{\"name\": \"stolen\"}"), 404, 5);
        get(GLOBEX_ADMIN, id).then().body("gateway.status.generation", is(1));
    }

    private static io.restassured.specification.RequestSpecification given(String id, String ifMatch) {
        return io.restassured.RestAssured.given().header("Authorization", "Bearer " + ACME_ADMIN)
                .header("If-Match", ifMatch).contentType(MERGE_PATCH);
    }
}
