package dev.inference.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of {@code spec.rolloutPolicy}: every broken rule is one field violation naming the field; valid policies
 * are normalised (zones in the parameters' spelling, UNSPECIFIED as unset).
 */
class RolloutPolicyRulesTest {
    static final List<String> ZONES = SpecValidatorTest.ZONES;
    static final SpecValidator VALIDATOR = new SpecValidator(ZONES);
    static final RolloutStrategy WAVES = RolloutStrategy.ROLLOUT_STRATEGY_WAVES;

    static GatewaySpec with(List<String> zones, RolloutPolicy policy) {
        return new GatewaySpec("gw", zones, new CoreWeaveAuth(), null, new BodyBasedRouting(ApiType.API_TYPE_OPENAI),
                null, null, null, policy);
    }

    static RolloutPolicy waves(Wave... waves) {
        return new RolloutPolicy(WAVES, List.of(waves), null, null, null);
    }

    static Wave wave(String name, String... zones) {
        return new Wave(name, List.of(zones), null, null);
    }

    static Stream<Arguments> refused() {
        List<String> two = List.of("US-EAST-04A", "US-WEST-09B");
        return Stream.of(
                arguments("a wave zone not of the gateway", two,
                        waves(wave("canary", "US-EAST-04A"), wave("rest", "EU-SOUTH-03A", "US-WEST-09B")),
                        "rolloutPolicy.waves[1].zones[0]"),
                arguments("a zone in two waves", two,
                        waves(wave("a", "US-EAST-04A"), wave("b", "us-east-04a", "US-WEST-09B")),
                        "rolloutPolicy.waves[1].zones[0]"),
                arguments("a zone of the gateway in no wave", two, waves(wave("canary", "US-EAST-04A")),
                        "rolloutPolicy.waves"),
                arguments("* not in the last wave", two, waves(wave("rest", "*"), wave("canary", "US-EAST-04A")),
                        "rolloutPolicy.waves[0].zones[0]"),
                arguments("* beside zones", two, waves(wave("all", "*", "US-EAST-04A")),
                        "rolloutPolicy.waves[0].zones[0]"),
                arguments("waves with ALL_AT_ONCE", two, new RolloutPolicy(RolloutStrategy.ROLLOUT_STRATEGY_ALL_AT_ONCE,
                        List.of(wave("a", "*")), null, null, null), "rolloutPolicy.waves"),
                arguments("no waves with WAVES", two, new RolloutPolicy(WAVES, List.of(), null, null, null),
                        "rolloutPolicy.waves"),
                arguments("eleven waves", ZONES, new RolloutPolicy(WAVES, java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> wave("w" + i, "*")).toList(), null, null, null), "rolloutPolicy.waves"),
                arguments("a wave without a name", two, waves(new Wave(null, List.of("*"), null, null)),
                        "rolloutPolicy.waves[0].name"),
                arguments("a name of 39 characters", two, waves(wave("n".repeat(39), "*")),
                        "rolloutPolicy.waves[0].name"),
                arguments("two waves of one name", two, waves(wave("same", "US-EAST-04A"), wave("same", "*")),
                        "rolloutPolicy.waves[1].name"),
                arguments("a wave without zones", two, waves(wave("empty"), wave("rest", "*")),
                        "rolloutPolicy.waves[0].zones"),
                arguments("a bake of a day and a second", two, waves(new Wave("w", List.of("*"), 86_401, null)),
                        "rolloutPolicy.waves[0].bakeSeconds"),
                arguments("a negative bake", two, waves(new Wave("w", List.of("*"), -1, null)),
                        "rolloutPolicy.waves[0].bakeSeconds"),
                arguments("a negative concurrency", two, waves(new Wave("w", List.of("*"), null, -1)),
                        "rolloutPolicy.waves[0].maxConcurrentZones"),
                arguments("a deadline of 29 s", two, new RolloutPolicy(null, null, 29, null, null),
                        "rolloutPolicy.progressDeadlineSeconds"),
                arguments("a deadline of a day and a second", two, new RolloutPolicy(null, null, 86_401, null, null),
                        "rolloutPolicy.progressDeadlineSeconds"),
                arguments("a history of 0", two, new RolloutPolicy(null, null, null, null, 0),
                        "rolloutPolicy.revisionHistoryLimit"),
                arguments("a history of 101", two, new RolloutPolicy(null, null, null, null, 101),
                        "rolloutPolicy.revisionHistoryLimit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void everyBrokenRuleIsOneViolationNamingItsField(String label, List<String> zones, RolloutPolicy policy,
            String field) {
        InvalidArgumentException e = catchThrowableOfType(InvalidArgumentException.class,
                () -> VALIDATOR.normalize(with(zones, policy)));
        assertThat(e).as(label).isNotNull();
        assertThat(e.violations()).extracting(FieldViolation::field).containsExactly(field);
    }

    @Test
    void aValidPolicyIsNormalised() {
        RolloutPolicy policy = new RolloutPolicy(WAVES, List.of(new Wave(" canary ", List.of("us-east-04a"), 60, 0),
                wave("rest", "*")), 30, FailurePolicy.FAILURE_POLICY_UNSPECIFIED, 100);
        RolloutPolicy normalised = VALIDATOR.normalize(with(List.of(), policy)).rolloutPolicy();
        assertThat(normalised.waves()).extracting(Wave::name).containsExactly("canary", "rest");
        assertThat(normalised.waves().get(0).zones()).containsExactly("US-EAST-04A");
        assertThat(normalised.failurePolicy()).as("UNSPECIFIED is unset").isNull();
        assertThat(normalised.deadlineSeconds()).isEqualTo(30);
    }

    @Test
    void waveZonesAreCheckedAgainstEveryZoneWhenTheGatewayNamesNone() {
        RolloutPolicy policy = waves(wave("eu", "EU-SOUTH-03A"), wave("us", "US-EAST-04A", "US-EAST-06A",
                "US-WEST-09B"));
        assertThat(VALIDATOR.normalize(with(List.of(), policy)).rolloutPolicy().waves()).hasSize(2);
    }

    @Test
    void anAllAtOnceOrEmptyPolicyTakesItsDefaults() {
        RolloutPolicy policy = VALIDATOR.normalize(with(List.of(), new RolloutPolicy(null, null, null, null, null)))
                .rolloutPolicy();
        assertThat(policy.inWaves()).isFalse();
        assertThat(policy.deadlineSeconds()).isEqualTo(600);
        assertThat(policy.pausesOnFailure()).isFalse();
        assertThat(policy.historyLimit()).isEqualTo(10);
    }
}
