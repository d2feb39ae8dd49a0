package dev.inference.gateway.api;

import dev.inference.gateway.api.contract.StrictJsonReaderTest;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract changes to {@code endpointConfiguration}: {@code edgeProxyMode} (a name or a number; UNSPECIFIED is
 * the same as unset; unset is absent from answers; kept by a full update that omits endpointConfiguration;
 * merge-patchable) and at most 50 {@code allowedSourceIpRanges}.
 */
@QuarkusTest
class EndpointConfigurationTest {
    static final String MODE = "gateway.spec.endpointConfiguration.edgeProxyMode";
    static final String RANGES = "endpointConfiguration.allowedSourceIpRanges";

    static Map<String, Object> withMode(Object mode) {
        return withMode(mode, host("edge"));
    }

    static Map<String, Object> withMode(Object mode, String host) {
        return spec("endpointConfiguration", Map.of("additionalDns", List.of(host), "edgeProxyMode", mode));
    }

    // ---- edgeProxyMode ------------------------------------------------------------------------------------

    @Test
    void edgeProxyModeIsAcceptedByNameOrNumberAndAnsweredByName() {
        for (Object[] mode : new Object[][] {{"EDGE_PROXY_MODE_MANAGED", "EDGE_PROXY_MODE_MANAGED"},
                {1, "EDGE_PROXY_MODE_MANAGED"}, {"EDGE_PROXY_MODE_DIRECT", "EDGE_PROXY_MODE_DIRECT"},
                {2, "EDGE_PROXY_MODE_DIRECT"}}) {
            String host = host("edge");
            Response created = create(ACME_ADMIN, withMode(mode[0], host));
            created.then().statusCode(200).body(MODE, is(mode[1]));
            get(ACME_ADMIN, created.path("gateway.spec.id")).then().statusCode(200).body(MODE, is(mode[1]))
                    .body("gateway.spec.endpointConfiguration.additionalDns", contains(host));
        }
    }

    @Test
    void unspecifiedIsTheSameAsUnsetAndUnsetIsAbsent() {
        for (Object unspecified : List.of("EDGE_PROXY_MODE_UNSPECIFIED", 0)) {
            String id = UUID.randomUUID().toString();
            String host = host("edge");
            Map<String, Object> body = with(withMode(unspecified, host), "id", id);
            create(ACME_ADMIN, body).then().statusCode(200)
                    .body("gateway.spec.endpointConfiguration", not(hasKey("edgeProxyMode")))
                    .body("gateway.spec.endpointConfiguration.additionalDns", contains(host));
            get(ACME_ADMIN, id).then().statusCode(200)
                    .body("gateway.spec.endpointConfiguration", not(hasKey("edgeProxyMode")));
            // The same spec as one without a mode: an idempotent create replays it, an update changes nothing.
            Map<String, Object> unset = with(body, "endpointConfiguration",
                    Map.of("additionalDns", List.of(host)));
            create(ACME_ADMIN, unset).then().statusCode(200).body("gateway.status.generation", is(1));
            patch(ACME_ADMIN, id, unset).then().statusCode(200).body("gateway.status.generation", is(1));
            patch(ACME_ADMIN, id, body).then().statusCode(200).body("gateway.status.generation", is(1));
        }
    }

    @Test
    void aGatewayWithoutEndpointConfigurationAnswersNoMode() {
        String id = createdId(ACME_ADMIN);
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec.endpointConfiguration", not(hasKey("edgeProxyMode")));
        as(ACME_ADMIN).get(BASE).then().statusCode(200)
                .body("items.find { it.spec.id == '" + id + "' }.spec.endpointConfiguration",
                        not(hasKey("edgeProxyMode")));
    }

    @Test
    void aFullUpdateWithoutEndpointConfigurationKeepsTheMode() {
        Map<String, Object> body = withMode("EDGE_PROXY_MODE_DIRECT");
        String id = createdId(ACME_ADMIN, body);
        String newName = uniqueName();
        patch(ACME_ADMIN, id, with(without(body, "endpointConfiguration"), "name", newName)).then().statusCode(200)
                .body("gateway.spec.name", is(newName))
                .body(MODE, is("EDGE_PROXY_MODE_DIRECT"))
                .body("gateway.status.generation", is(2));
        get(ACME_ADMIN, id).then().body(MODE, is("EDGE_PROXY_MODE_DIRECT"));
        // A full update that sends endpointConfiguration replaces it whole: no mode is unset.
        patch(ACME_ADMIN, id, with(body, "endpointConfiguration", Map.of("additionalDns", List.of())))
                .then().statusCode(200)
                .body("gateway.spec.endpointConfiguration", not(hasKey("edgeProxyMode")))
                .body("gateway.status.generation", is(3));
    }

    @Test
    void edgeProxyModeIsMergePatchable() {
        String keep = host("keep");
        String id = createdId(ACME_ADMIN, spec("endpointConfiguration", Map.of(
                "additionalDns", List.of(keep), "allowedSourceIpRanges", List.of("10.0.0.0/8"))));
        mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"edgeProxyMode\": \"EDGE_PROXY_MODE_DIRECT\"}}")
                .then().statusCode(200)
                .body(MODE, is("EDGE_PROXY_MODE_DIRECT"))
                .body("gateway.spec.endpointConfiguration.additionalDns", contains(keep))
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges", contains("10.0.0.0/8"))
                .body("gateway.status.generation", is(2));
        mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"edgeProxyMode\": 1}}").then().statusCode(200)
                .body(MODE, is("EDGE_PROXY_MODE_MANAGED"))
                .body("gateway.status.generation", is(3));
        // Another member patched: the mode stays.
        mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"additionalDns\": []}}").then().statusCode(200)
                .body(MODE, is("EDGE_PROXY_MODE_MANAGED"))
                .body("gateway.status.generation", is(4));
        // null removes it.
        mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"edgeProxyMode\": null}}").then().statusCode(200)
                .body("gateway.spec.endpointConfiguration", not(hasKey("edgeProxyMode")))
                .body("gateway.spec.endpointConfiguration.allowedSourceIpRanges", contains("10.0.0.0/8"))
                .body("gateway.status.generation", is(5));
        // UNSPECIFIED onto an unset mode is no change.
        mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"edgeProxyMode\": 0}}").then().statusCode(200)
                .body("gateway.spec.endpointConfiguration", not(hasKey("edgeProxyMode")))
                .body("gateway.status.generation", is(5));
        get(ACME_ADMIN, id).then().body("gateway.spec.endpointConfiguration", not(hasKey("edgeProxyMode")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"EDGE_PROXY_MODE_BYPASS\"", "3", "-1", "\"edge_proxy_mode_direct\"", "\"DIRECT\"",
            "\"2\"", "1.5", "true", "[2]", "{}"})
    void anUnknownEdgeProxyModeIsRefusedNamingTheField(String mode) {
        String endpointConfiguration = "{\"edgeProxyMode\": " + mode + "}";
        assertInvalid(create(ACME_ADMIN, StrictJsonReaderTest.doc(Map.of("endpointConfiguration",
                endpointConfiguration))), "endpointConfiguration.edgeProxyMode");
        String id = createdId(ACME_ADMIN);
        assertInvalid(patchRaw(ACME_ADMIN, id, "application/json", StrictJsonReaderTest.doc(Map.of(
                "endpointConfiguration", endpointConfiguration))), "endpointConfiguration.edgeProxyMode");
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": " + endpointConfiguration + "}"),
                "endpointConfiguration.edgeProxyMode");
        get(ACME_ADMIN, id).then().body("gateway.status.generation", is(1));
    }

    // ---- allowedSourceIpRanges ----------------------------------------------------------------------------

    static List<String> ranges(int count) {
        return IntStream.range(0, count).mapToObj(i -> "10." + i + ".0.0/16").toList();
    }

    @Test
    void fiftySourceRangesAreAcceptedAndStored() {
        Response created = create(ACME_ADMIN, spec("endpointConfiguration",
                Map.of("allowedSourceIpRanges", ranges(50))));
        created.then().statusCode(200)
                .body("gateway.spec." + RANGES, contains(ranges(50).toArray()));
        get(ACME_ADMIN, created.path("gateway.spec.id")).then().body("gateway.spec." + RANGES, hasSize(50));
    }

    @Test
    void fiftyOneSourceRangesAreRefusedNamingTheList() {
        Response refused = create(ACME_ADMIN, spec("endpointConfiguration",
                Map.of("allowedSourceIpRanges", ranges(51))));
        assertInvalid(refused, RANGES);
        refused.then().body("details[0].fieldViolations", hasSize(1))
                .body("details[0].fieldViolations[0].description", containsString("50"));

        Map<String, Object> body = spec("endpointConfiguration", Map.of("allowedSourceIpRanges", ranges(2)));
        String id = createdId(ACME_ADMIN, body);
        assertInvalid(patch(ACME_ADMIN, id, with(body, "endpointConfiguration",
                Map.of("allowedSourceIpRanges", ranges(51)))), RANGES);
        assertInvalid(mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"allowedSourceIpRanges\": ["
                + String.join(", ", ranges(51).stream().map(r -> "\"" + r + "\"").toList()) + "]}}"), RANGES);
        get(ACME_ADMIN, id).then().statusCode(200)
                .body("gateway.spec." + RANGES, hasSize(2))
                .body("gateway.status.generation", is(1));
    }
}
