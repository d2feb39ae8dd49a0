package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GatewaySpec rules through the API: a refusal is a 400 naming the field, and what is stored and answered is the
 * normalised spec (every rule, value by value, is in {@code domain.SpecValidatorTest}); rules that depend on the
 * stored gateway (an update keeps the stored apiKey) are checked here only.
 */
@QuarkusTest
class SpecValidationTest {

    // ---- name -------------------------------------------------------------------------------------------

    @Test
    void nameIsRequiredAndNotBlank() {
        assertInvalid(create(ACME_ADMIN, spec("name", null)), "name");
        Map<String, Object> nullName = spec();
        nullName.put("name", null);
        assertInvalid(create(ACME_ADMIN, nullName), "name");
        assertInvalid(create(ACME_ADMIN, spec("name", "\u00a0\u2007\u202f\u3000\n")), "name");
    }

    @Test
    void nameOf38CharactersIsAcceptedAnd39Rejected() {
        String name38 = (uniqueName() + "x".repeat(38)).substring(0, 38);
        create(ACME_ADMIN, spec("name", name38)).then().statusCode(200).body("gateway.spec.name", is(name38));
        Response tooLong = create(ACME_ADMIN, spec("name", name38 + "y"));
        assertInvalid(tooLong, "name");
        tooLong.then().body("details[0].fieldViolations", hasSize(1));
    }

    @Test
    void nameIsTrimmedOnStore() {
        String name = uniqueName();
        String id = createdId(ACME_ADMIN, spec("name", "  " + name + "\t "));
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.spec.name", is(name));
        create(ACME_ADMIN, spec("name", "\u00a0" + name + "\u00a0")).then().statusCode(200)
                .body("gateway.spec.name", is(name));
        // Trimming happens before the length check: 38 characters plus padding is fine.
        String name38 = (name + "z".repeat(38)).substring(0, 38);
        create(ACME_ADMIN, spec("name", "   " + name38 + "   ")).then().statusCode(200)
                .body("gateway.spec.name", is(name38));
    }

    // ---- zones ------------------------------------------------------------------------------------------

    @Test
    void zonesAreRequired() {
        assertInvalid(create(ACME_ADMIN, spec("zones", null)), "zones");
    }

    @Test
    void unknownZoneIsNamedByIndexAndValue() {
        Response response = create(ACME_ADMIN, spec("zones", List.of("US-EAST-04A", "US-NOWHERE-1")));
        assertInvalid(response, "zones[1]");
        response.then()
                .body("details[0].fieldViolations", hasSize(1))
                .body("details[0].fieldViolations[0].description", containsString("US-NOWHERE-1"))
                .body("message", containsString("zones[1]"))
                .body("message", containsString("US-NOWHERE-1"));
    }

    @Test
    void zonesMatchCaseInsensitivelyAndAreStoredInCanonicalSpelling() {
        String id = createdId(ACME_ADMIN, spec("zones", List.of("us-east-04a", "Us-West-09b")));
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.zones", contains("US-EAST-04A", "US-WEST-09B"))
                .body("gateway.status.conditions.zone", containsInAnyOrder("US-EAST-04A", "US-WEST-09B"));
    }

    @Test
    void duplicateZonesAreRemoved() {
        String id = createdId(ACME_ADMIN,
                spec("zones", List.of("US-EAST-04A", "us-east-04a", "EU-SOUTH-03A", "US-EAST-04A")));
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.zones", contains("US-EAST-04A", "EU-SOUTH-03A"))
                .body("gateway.status.conditions", hasSize(2));
    }

    @Test
    void emptyZonesMeanEveryZone() {
        String id = createdId(ACME_ADMIN, spec("zones", List.of()));
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.zones", empty())
                .body("gateway.status.conditions.zone", containsInAnyOrder(ZONES.toArray()));
    }

    // ---- auth -------------------------------------------------------------------------------------------

    @Test
    void exactlyOneAuthOptionIsRequired() {
        assertInvalid(create(ACME_ADMIN, spec("coreWeaveAuth", null)), "auth");
        assertInvalid(create(ACME_ADMIN, spec("weightsAndBiasesAuth", Map.of("apiKey", "k-1"))), "auth");
    }

    @Test
    void weightsAndBiasesAuthIsAccepted() {
        Map<String, Object> auth = Map.of("apiKey", "k-accepted", "serverUrl", "https://wandb.example.com/api",
                "enableUsageReports", true, "enableRateLimiting", false);
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth", auth);
        create(ACME_ADMIN, body).then().statusCode(200)
                .body("gateway.spec", not(hasKey("coreWeaveAuth")))
                .body("gateway.spec.weightsAndBiasesAuth.serverUrl", is("https://wandb.example.com/api"))
                .body("gateway.spec.weightsAndBiasesAuth.enableUsageReports", is(true))
                .body("gateway.spec.weightsAndBiasesAuth.enableRateLimiting", is(false))
                .body("gateway.spec.weightsAndBiasesAuth", not(hasKey("apiKey")));
    }

    @Test
    void serverUrlMustBeAnAbsoluteHttpsUrl() {
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", "k-2", "serverUrl", "http://wandb.example.com"));
        assertInvalid(create(ACME_ADMIN, body), "weightsAndBiasesAuth.serverUrl");
    }

    @Test
    void serverUrlWithoutApiKeyIsRejectedOnCreate() {
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("serverUrl", "https://wandb.example.com"));
        assertInvalid(create(ACME_ADMIN, body), "weightsAndBiasesAuth.apiKey");
    }

    @Test
    void serverUrlWithoutApiKeyIsAcceptedOnUpdateWhenAKeyIsStored() {
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", "k-stored"));
        String id = createdId(ACME_ADMIN, body);
        Map<String, Object> update = with(body, "weightsAndBiasesAuth",
                Map.of("serverUrl", "https://wandb.example.com"));
        patch(ACME_ADMIN, id, update).then().statusCode(200)
                .body("gateway.spec.weightsAndBiasesAuth.serverUrl", is("https://wandb.example.com"));
    }

    @Test
    void serverUrlWithoutApiKeyIsRejectedOnUpdateWhenNoKeyIsStored() {
        Map<String, Object> body = with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth", Map.of());
        String id = createdId(ACME_ADMIN, body);
        Map<String, Object> update = with(body, "weightsAndBiasesAuth",
                Map.of("serverUrl", "https://wandb.example.com"));
        assertInvalid(patch(ACME_ADMIN, id, update), "weightsAndBiasesAuth.apiKey");
    }

    // ---- routing ----------------------------------------------------------------------------------------

    @Test
    void exactlyOneRoutingOptionIsRequired() {
        assertInvalid(create(ACME_ADMIN, spec("bodyBasedRouting", null)), "routing");
        Map<String, Object> three = with(spec("pathBasedRouting", Map.of()), "headerBasedRouting",
                Map.of("headerName", "X-Model"));
        assertInvalid(create(ACME_ADMIN, three), "routing");
    }

    @Test
    void pathBasedRoutingIsAccepted() {
        create(ACME_ADMIN, with(spec("bodyBasedRouting", null), "pathBasedRouting", Map.of()))
                .then().statusCode(200)
                .body("gateway.spec.pathBasedRouting", anEmptyMap())
                .body("gateway.spec", not(hasKey("bodyBasedRouting")));
    }

    @Test
    void apiTypeIsAcceptedByNameOrNumberAndAnsweredByName() {
        create(ACME_ADMIN, spec("bodyBasedRouting", Map.of("apiType", "API_TYPE_OPENAI"))).then().statusCode(200)
                .body("gateway.spec.bodyBasedRouting.apiType", is("API_TYPE_OPENAI"));
        String id = createdId(ACME_ADMIN, spec("bodyBasedRouting", Map.of("apiType", 1)));
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.spec.bodyBasedRouting.apiType", is("API_TYPE_OPENAI"));
    }

    @Test
    void headerNameMustBeAnHttpTokenOfAtMostAHundredCharacters() {
        String h100 = "!#$%&'*+-.^_`|~09AZaz".repeat(5).substring(0, 100);
        create(ACME_ADMIN, with(spec("bodyBasedRouting", null), "headerBasedRouting", Map.of("headerName", h100)))
                .then().statusCode(200).body("gateway.spec.headerBasedRouting.headerName", is(h100));
        assertInvalid(create(ACME_ADMIN, with(spec("bodyBasedRouting", null), "headerBasedRouting",
                Map.of("headerName", h100 + "b"))), "headerBasedRouting.headerName");
        assertInvalid(create(ACME_ADMIN, with(spec("bodyBasedRouting", null), "headerBasedRouting",
                Map.of("headerName", "X-Model\r\nEvil: 1"))), "headerBasedRouting.headerName");
    }

    // ---- endpointConfiguration --------------------------------------------------------------------------

    @Test
    void endpointConfigurationIsOptionalAndStored() {
        String id = createdId(ACME_ADMIN, spec("endpointConfiguration", Map.of(
                "additionalDns", List.of("api.example.com", "models.acme.example"),
                "allowedSourceIpRanges", List.of("10.0.0.0/8", "2001:db8::/32"))));
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.endpointConfiguration.additionalDns",
                        contains("api.example.com", "models.acme.example"))
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges",
                        contains("10.0.0.0/8", "2001:db8::/32"));
    }

    @Test
    void dnsNameOf253CharactersIsAccepted() {
        String name253 = dnsName(253);
        create(ACME_ADMIN, spec("endpointConfiguration", Map.of("additionalDns", List.of(name253))))
                .then().statusCode(200)
                .body("gateway.spec.endpointConfiguration.additionalDns", contains(name253));
    }

    @Test
    void invalidDnsNamesAreRejectedByIndex() {
        Response response = create(ACME_ADMIN, spec("endpointConfiguration",
                Map.of("additionalDns", List.of("ok.example.com", dnsName(254)))));
        assertInvalid(response, "endpointConfiguration.additionalDns[1]");
    }

    @Test
    void cidrRangesAreAccepted() {
        List<String> ranges = List.of("10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "1.2.3.4/32", "2001:db8::/32",
                "::/0", "fe80::1/128", "::ffff:10.0.0.0/104");
        create(ACME_ADMIN, spec("endpointConfiguration", Map.of("allowedSourceIpRanges", ranges)))
                .then().statusCode(200)
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges", contains(ranges.toArray()));
    }

    @Test
    void invalidCidrRangesAreRejectedByIndex() {
        Response response = create(ACME_ADMIN, spec("endpointConfiguration",
                Map.of("allowedSourceIpRanges", List.of("10.0.0.0/8", "2001:db8:::/32"))));
        assertInvalid(response, "endpointConfiguration.allowedSourceIpRanges[1]");
    }

    @Test
    void everyViolationIsNamedAtOnce() {
        Map<String, Object> body = Map.of("zones", List.of("NOPE"), "coreWeaveAuth", Map.of(),
                "weightsAndBiasesAuth", Map.of(), "endpointConfiguration",
                Map.of("allowedSourceIpRanges", List.of("foo")));
        Response response = create(ACME_ADMIN, body);
        assertInvalid(response, "name", "zones[0]", "auth", "routing", "endpointConfiguration.allowedSourceIpRanges[0]");
    }

    @Test
    void theSameRulesApplyOnUpdate() {
        String id = createdId(ACME_ADMIN);
        assertInvalid(patch(ACME_ADMIN, id, spec("name", "x".repeat(39))), "name");
        assertInvalid(patch(ACME_ADMIN, id, spec("zones", List.of("US-EAST-04A", "MARS-01"))), "zones[1]");
        assertInvalid(patch(ACME_ADMIN, id, spec("coreWeaveAuth", null)), "auth");
        assertInvalid(patch(ACME_ADMIN, id, spec("pathBasedRouting", Map.of())), "routing");
        assertInvalid(patch(ACME_ADMIN, id, spec("endpointConfiguration",
                Map.of("additionalDns", List.of("-bad.example.com")))), "endpointConfiguration.additionalDns[0]");
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.status.generation", is(1));
    }

    /** A valid DNS name of exactly {@code length} characters (labels of at most 63). */
    static String dnsName(int length) {
        StringBuilder name = new StringBuilder();
        while (name.length() < length) {
            int remaining = length - name.length();
            if (name.length() > 0) {
                name.append('.');
                remaining--;
            }
            int label = Math.min(63, remaining);
            if (remaining - label == 1) {
                label--; // never leave room for only a dot
            }
            name.append("a".repeat(Math.max(1, label)));
        }
        return name.toString();
    }
}
