package dev.inference.gateway.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.domain.ApiType;
import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EdgeProxyMode;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MergePatchBody#applyTo}: RFC 7396 on the stored spec as the contract's JSON shows it. Members kept, removed
 * ({@code null}) or set; options merged member by member (into an empty option when none is stored); lists and
 * scalars replaced whole. The stored spec is given without its secret (the service carries the stored key over).
 */
class MergePatchBodyTest {
    static final ObjectMapper MAPPER = StrictJsonReaderTest.applicationMapper();
    static final EndpointConfiguration STORED_ENDPOINTS = new EndpointConfiguration(List.of("a.example.com"),
            List.of("10.0.0.0/8"), EdgeProxyMode.EDGE_PROXY_MODE_DIRECT);
    /** A stored spec with every member that can be merged set (not a valid spec: two routing options). */
    static final GatewaySpec STORED = new GatewaySpec("stored", List.of("US-EAST-04A", "EU-SOUTH-03A"), null,
            new WeightsAndBiasesAuth(null, "https://wandb.example.com", true, false), null,
            new HeaderBasedRouting("X-Model"), new PathBasedRouting(), STORED_ENDPOINTS);

    static GatewaySpec patched(GatewaySpec stored, String patch) {
        try {
            return new MergePatchBody(null, (ObjectNode) MAPPER.readTree(patch), MAPPER).applyTo(stored);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Stream<Arguments> patches() {
        WeightsAndBiasesAuth wandb = STORED.weightsAndBiasesAuth();
        return Stream.of(
                arguments("an empty patch keeps everything", "{}", STORED),
                arguments("id and organizationId are not spec members", "{\"id\": \"x\", \"organizationId\": \"o\"}",
                        STORED),
                arguments("name set", "{\"name\": \"renamed\"}", new GatewaySpec("renamed", STORED.zones(), null,
                        wandb, null, STORED.headerBasedRouting(), STORED.pathBasedRouting(), STORED_ENDPOINTS)),
                arguments("name removed", "{\"name\": null}", new GatewaySpec(null, STORED.zones(), null, wandb, null,
                        STORED.headerBasedRouting(), STORED.pathBasedRouting(), STORED_ENDPOINTS)),
                arguments("zones replaced whole", "{\"zones\": [\"US-WEST-09B\"]}", new GatewaySpec("stored",
                        List.of("US-WEST-09B"), null, wandb, null, STORED.headerBasedRouting(),
                        STORED.pathBasedRouting(), STORED_ENDPOINTS)),
                arguments("zones removed", "{\"zones\": null}", new GatewaySpec("stored", null, null, wandb, null,
                        STORED.headerBasedRouting(), STORED.pathBasedRouting(), STORED_ENDPOINTS)),
                arguments("coreWeaveAuth set, weightsAndBiasesAuth removed",
                        "{\"coreWeaveAuth\": {}, \"weightsAndBiasesAuth\": null}", new GatewaySpec("stored",
                                STORED.zones(), new CoreWeaveAuth(), null, null, STORED.headerBasedRouting(),
                                STORED.pathBasedRouting(), STORED_ENDPOINTS)),
                arguments("weightsAndBiasesAuth {} keeps every member", "{\"weightsAndBiasesAuth\": {}}", STORED),
                arguments("one member of weightsAndBiasesAuth set, the rest merged",
                        "{\"weightsAndBiasesAuth\": {\"enableRateLimiting\": true, \"serverUrl\": null}}",
                        new GatewaySpec("stored", STORED.zones(), null, new WeightsAndBiasesAuth(null, null, true,
                                true), null, STORED.headerBasedRouting(), STORED.pathBasedRouting(),
                                STORED_ENDPOINTS)),
                arguments("a new apiKey is carried in the draft", "{\"weightsAndBiasesAuth\": {\"apiKey\": \"k2\"}}",
                        new GatewaySpec("stored", STORED.zones(), null, wandb.withApiKey("k2"), null,
                                STORED.headerBasedRouting(), STORED.pathBasedRouting(), STORED_ENDPOINTS)),
                arguments("bodyBasedRouting set where none is stored: merged into an empty option",
                        "{\"bodyBasedRouting\": {\"apiType\": 1}, \"headerBasedRouting\": null}",
                        new GatewaySpec("stored", STORED.zones(), null, wandb,
                                new BodyBasedRouting(ApiType.API_TYPE_OPENAI), null, STORED.pathBasedRouting(),
                                STORED_ENDPOINTS)),
                arguments("headerBasedRouting.headerName removed", "{\"headerBasedRouting\": {\"headerName\": null}}",
                        new GatewaySpec("stored", STORED.zones(), null, wandb, null, new HeaderBasedRouting(null),
                                STORED.pathBasedRouting(), STORED_ENDPOINTS)),
                arguments("endpointConfiguration members merged one by one",
                        "{\"endpointConfiguration\": {\"additionalDns\": [\"b.example.com\"], \"edgeProxyMode\": null}}",
                        new GatewaySpec("stored", STORED.zones(), null, wandb, null, STORED.headerBasedRouting(),
                                STORED.pathBasedRouting(), new EndpointConfiguration(List.of("b.example.com"),
                                        List.of("10.0.0.0/8"), null))),
                arguments("endpointConfiguration removed", "{\"endpointConfiguration\": null}",
                        new GatewaySpec("stored", STORED.zones(), null, wandb, null, STORED.headerBasedRouting(),
                                STORED.pathBasedRouting(), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void keepsRemovesSetsAndMerges(String label, String patch, GatewaySpec expected) {
        assertThat(patched(STORED, patch)).isEqualTo(expected);
    }

    @Test
    void nestedPatchesMergeIntoAnEmptyOptionWhenNoneIsStored() {
        GatewaySpec bare = new GatewaySpec("bare", List.of(), new CoreWeaveAuth(), null, null, null, null, null);
        GatewaySpec result = patched(bare, """
                {"weightsAndBiasesAuth": {"serverUrl": "https://wandb.example.com", "enableRateLimiting": true},
                 "headerBasedRouting": {"headerName": "X-M"},
                 "endpointConfiguration": {"allowedSourceIpRanges": ["10.0.0.0/8"], "additionalDns": null}}""");
        assertThat(result.weightsAndBiasesAuth())
                .isEqualTo(new WeightsAndBiasesAuth(null, "https://wandb.example.com", null, true));
        assertThat(result.headerBasedRouting()).isEqualTo(new HeaderBasedRouting("X-M"));
        assertThat(result.endpointConfiguration())
                .isEqualTo(new EndpointConfiguration(null, List.of("10.0.0.0/8"), null));
    }

    @Test
    void theStoredSecretNeverEntersTheDraft() {
        GatewaySpec stored = STORED.withApiKey("stored-key");
        assertThat(patched(stored, "{\"name\": \"n\"}").apiKey()).isNull();
    }
}
