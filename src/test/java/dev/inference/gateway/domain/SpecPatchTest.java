package dev.inference.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.inference.gateway.domain.SpecPatch.BodyRoutingPatch;
import dev.inference.gateway.domain.SpecPatch.Change;
import dev.inference.gateway.domain.SpecPatch.EndpointsPatch;
import dev.inference.gateway.domain.SpecPatch.HeaderRoutingPatch;
import dev.inference.gateway.domain.SpecPatch.WeightsAndBiasesPatch;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SpecPatch#applyTo}: each member kept, removed or set; options merged member by member (into an empty
 * option when none is stored); lists and scalars replaced whole.
 */
class SpecPatchTest {
    static final WeightsAndBiasesAuth STORED_WANDB =
            new WeightsAndBiasesAuth("stored-key", "https://wandb.example.com", true, false);
    static final EndpointConfiguration STORED_ENDPOINTS = new EndpointConfiguration(List.of("a.example.com"),
            List.of("10.0.0.0/8"), EdgeProxyMode.EDGE_PROXY_MODE_DIRECT);
    /** A stored spec with every member that can be merged set (not a valid spec: two routing options). */
    static final GatewaySpec STORED = new GatewaySpec("stored", List.of("US-EAST-04A", "EU-SOUTH-03A"), null,
            STORED_WANDB, null, new HeaderBasedRouting("X-Model"), new PathBasedRouting(), STORED_ENDPOINTS);

    static <T> Change<T> keep() {
        return new Change.Keep<>();
    }

    static <T> Change<T> remove() {
        return new Change.Remove<>();
    }

    static <T> Change<T> set(T value) {
        return new Change.Set<>(value);
    }

    /** A patch that keeps everything: member patches are given as overrides in {@link Patch}. */
    static final class Patch {
        Change<String> name = keep();
        Change<List<String>> zones = keep();
        Change<CoreWeaveAuth> coreWeaveAuth = keep();
        Change<WeightsAndBiasesPatch> wandb = keep();
        Change<BodyRoutingPatch> body = keep();
        Change<HeaderRoutingPatch> header = keep();
        Change<PathBasedRouting> path = keep();
        Change<EndpointsPatch> endpoints = keep();

        SpecPatch build() {
            return new SpecPatch(name, zones, coreWeaveAuth, wandb, body, header, path, endpoints);
        }
    }

    static WeightsAndBiasesPatch wandbPatch(Change<String> apiKey, Change<String> serverUrl, Change<Boolean> usage,
            Change<Boolean> rateLimiting) {
        return new WeightsAndBiasesPatch(apiKey, serverUrl, usage, rateLimiting);
    }

    static EndpointsPatch endpointsPatch(Change<List<String>> dns, Change<List<String>> ranges,
            Change<EdgeProxyMode> mode) {
        return new EndpointsPatch(dns, ranges, mode);
    }

    static GatewaySpec stored(java.util.function.UnaryOperator<Object[]> change) {
        Object[] m = {STORED.name(), STORED.zones(), STORED.coreWeaveAuth(), STORED.weightsAndBiasesAuth(),
                STORED.bodyBasedRouting(), STORED.headerBasedRouting(), STORED.pathBasedRouting(),
                STORED.endpointConfiguration()};
        m = change.apply(m);
        @SuppressWarnings("unchecked")
        List<String> zones = (List<String>) m[1];
        return new GatewaySpec((String) m[0], zones, (CoreWeaveAuth) m[2], (WeightsAndBiasesAuth) m[3],
                (BodyBasedRouting) m[4], (HeaderBasedRouting) m[5], (PathBasedRouting) m[6],
                (EndpointConfiguration) m[7]);
    }

    static Object[] put(Object[] members, int index, Object value) {
        members[index] = value;
        return members;
    }

    static Stream<Arguments> patches() {
        return Stream.of(
                arguments("an empty patch keeps everything", new Patch(), STORED),
                arguments("name set", with(p -> p.name = set("renamed")), stored(m -> put(m, 0, "renamed"))),
                arguments("name removed", with(p -> p.name = remove()), stored(m -> put(m, 0, null))),
                arguments("zones replaced whole", with(p -> p.zones = set(List.of("US-WEST-09B"))),
                        stored(m -> put(m, 1, List.of("US-WEST-09B")))),
                arguments("zones set empty", with(p -> p.zones = set(List.of())), stored(m -> put(m, 1, List.of()))),
                arguments("zones removed", with(p -> p.zones = remove()), stored(m -> put(m, 1, null))),
                arguments("coreWeaveAuth set", with(p -> p.coreWeaveAuth = set(new CoreWeaveAuth())),
                        stored(m -> put(m, 2, new CoreWeaveAuth()))),
                arguments("weightsAndBiasesAuth removed", with(p -> p.wandb = remove()), stored(m -> put(m, 3, null))),
                arguments("weightsAndBiasesAuth {} keeps every member",
                        with(p -> p.wandb = set(wandbPatch(keep(), keep(), keep(), keep()))), STORED),
                arguments("weightsAndBiasesAuth.enableRateLimiting set, the rest merged",
                        with(p -> p.wandb = set(wandbPatch(keep(), keep(), keep(), set(true)))),
                        stored(m -> put(m, 3, new WeightsAndBiasesAuth("stored-key", "https://wandb.example.com",
                                true, true)))),
                arguments("weightsAndBiasesAuth.serverUrl removed, the key kept",
                        with(p -> p.wandb = set(wandbPatch(keep(), remove(), keep(), keep()))),
                        stored(m -> put(m, 3, new WeightsAndBiasesAuth("stored-key", null, true, false)))),
                arguments("weightsAndBiasesAuth.apiKey replaced",
                        with(p -> p.wandb = set(wandbPatch(set("new-key"), keep(), remove(), keep()))),
                        stored(m -> put(m, 3, new WeightsAndBiasesAuth("new-key", "https://wandb.example.com",
                                null, false)))),
                arguments("bodyBasedRouting set where none is stored: merged into an empty option",
                        with(p -> p.body = set(new BodyRoutingPatch(set(ApiType.API_TYPE_OPENAI)))),
                        stored(m -> put(m, 4, new BodyBasedRouting(ApiType.API_TYPE_OPENAI)))),
                arguments("bodyBasedRouting {} where none is stored: an option without apiType",
                        with(p -> p.body = set(new BodyRoutingPatch(keep()))),
                        stored(m -> put(m, 4, new BodyBasedRouting(null)))),
                arguments("headerBasedRouting.headerName replaced",
                        with(p -> p.header = set(new HeaderRoutingPatch(set("X-Other")))),
                        stored(m -> put(m, 5, new HeaderBasedRouting("X-Other")))),
                arguments("headerBasedRouting {} keeps the stored header",
                        with(p -> p.header = set(new HeaderRoutingPatch(keep()))), STORED),
                arguments("headerBasedRouting.headerName removed",
                        with(p -> p.header = set(new HeaderRoutingPatch(remove()))),
                        stored(m -> put(m, 5, new HeaderBasedRouting(null)))),
                arguments("headerBasedRouting removed", with(p -> p.header = remove()), stored(m -> put(m, 5, null))),
                arguments("pathBasedRouting removed", with(p -> p.path = remove()), stored(m -> put(m, 6, null))),
                arguments("endpointConfiguration.additionalDns replaced, the rest merged",
                        with(p -> p.endpoints = set(endpointsPatch(set(List.of("b.example.com")), keep(), keep()))),
                        stored(m -> put(m, 7, new EndpointConfiguration(List.of("b.example.com"),
                                List.of("10.0.0.0/8"), EdgeProxyMode.EDGE_PROXY_MODE_DIRECT)))),
                arguments("endpointConfiguration.allowedSourceIpRanges removed",
                        with(p -> p.endpoints = set(endpointsPatch(keep(), remove(), keep()))),
                        stored(m -> put(m, 7, new EndpointConfiguration(List.of("a.example.com"), null,
                                EdgeProxyMode.EDGE_PROXY_MODE_DIRECT)))),
                arguments("endpointConfiguration.edgeProxyMode set",
                        with(p -> p.endpoints = set(endpointsPatch(keep(), keep(),
                                set(EdgeProxyMode.EDGE_PROXY_MODE_MANAGED)))),
                        stored(m -> put(m, 7, new EndpointConfiguration(List.of("a.example.com"),
                                List.of("10.0.0.0/8"), EdgeProxyMode.EDGE_PROXY_MODE_MANAGED)))),
                arguments("endpointConfiguration.edgeProxyMode removed",
                        with(p -> p.endpoints = set(endpointsPatch(keep(), keep(), remove()))),
                        stored(m -> put(m, 7, new EndpointConfiguration(List.of("a.example.com"),
                                List.of("10.0.0.0/8"), null)))),
                arguments("endpointConfiguration removed", with(p -> p.endpoints = remove()),
                        stored(m -> put(m, 7, null))),
                arguments("several members at once",
                        with(p -> {
                            p.name = set("several");
                            p.wandb = remove();
                            p.coreWeaveAuth = set(new CoreWeaveAuth());
                            p.path = remove();
                        }),
                        stored(m -> put(put(put(put(m, 0, "several"), 3, null), 2, new CoreWeaveAuth()), 6, null))));
    }

    static Patch with(java.util.function.Consumer<Patch> change) {
        Patch patch = new Patch();
        change.accept(patch);
        return patch;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void applyToKeepsRemovesSetsAndMerges(String label, Patch patch, GatewaySpec expected) {
        GatewaySpec result = patch.build().applyTo(STORED);
        assertThat(result).isEqualTo(expected);
        // Records compare the apiKey too, but say so explicitly: a merge patch must never lose the stored key.
        assertThat(result.apiKey()).isEqualTo(expected.apiKey());
    }

    @Test
    void nestedPatchesMergeIntoAnEmptyOptionWhenNoneIsStored() {
        GatewaySpec bare = new GatewaySpec("bare", List.of(), new CoreWeaveAuth(), null, null, null, null, null);
        SpecPatch patch = with(p -> {
            p.wandb = set(wandbPatch(keep(), set("https://wandb.example.com"), keep(), set(true)));
            p.header = set(new HeaderRoutingPatch(set("X-M")));
            p.endpoints = set(endpointsPatch(keep(), set(List.of("10.0.0.0/8")), keep()));
        }).build();
        GatewaySpec result = patch.applyTo(bare);
        assertThat(result.weightsAndBiasesAuth())
                .isEqualTo(new WeightsAndBiasesAuth(null, "https://wandb.example.com", null, true));
        assertThat(result.headerBasedRouting()).isEqualTo(new HeaderBasedRouting("X-M"));
        assertThat(result.endpointConfiguration())
                .isEqualTo(new EndpointConfiguration(null, List.of("10.0.0.0/8"), null));
    }

    @Test
    void removingAMemberOfAnAbsentOptionLeavesAnEmptyOption() {
        GatewaySpec bare = new GatewaySpec("bare", List.of(), new CoreWeaveAuth(), null, null, null, null, null);
        GatewaySpec result = with(p -> p.endpoints = set(endpointsPatch(remove(), remove(), remove()))).build()
                .applyTo(bare);
        assertThat(result.endpointConfiguration()).isEqualTo(new EndpointConfiguration(null, null, null));
    }

    @Test
    void aPatchedDraftIsValidatedLikeAnyOther() {
        SpecValidator validator = new SpecValidator(SpecValidatorTest.ZONES);
        GatewaySpec valid = new GatewaySpec("gw", List.of("US-EAST-04A"), new CoreWeaveAuth(), null,
                new BodyBasedRouting(ApiType.API_TYPE_OPENAI), null, null, STORED_ENDPOINTS);
        // {"endpointConfiguration": {"allowedSourceIpRanges": null}} ends as an empty list.
        GatewaySpec draft = with(p -> p.endpoints = set(endpointsPatch(keep(), remove(), keep()))).build()
                .applyTo(valid);
        assertThat(validator.normalize(draft).endpointConfiguration()).isEqualTo(
                new EndpointConfiguration(List.of("a.example.com"), List.of(), EdgeProxyMode.EDGE_PROXY_MODE_DIRECT));
        // {"bodyBasedRouting": null, "pathBasedRouting": {}} switches routing.
        GatewaySpec switched = with(p -> {
            p.body = remove();
            p.path = set(new PathBasedRouting());
        }).build().applyTo(valid);
        assertThat(validator.normalize(switched).pathBasedRouting()).isEqualTo(new PathBasedRouting());
        assertThat(validator.normalize(switched).bodyBasedRouting()).isNull();
        // {"coreWeaveAuth": null} leaves no auth option: refused.
        GatewaySpec noAuth = with(p -> p.coreWeaveAuth = remove()).build().applyTo(valid);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(InvalidArgumentException.class,
                () -> validator.normalize(noAuth)).violations()).extracting(FieldViolation::field).containsExactly("auth");
    }
}
