package dev.inference.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The roll-up, table-driven: zone states in, overall status, conditions and endpoints out. */
class StatusRollupTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-25T10:05:00Z");
    private static final String ID = "7c0a1f9e-0000-4000-8000-000000000001";

    static ZoneState converged(String zone, long generation) {
        return new ZoneState(zone, true, generation, generation, 0, false, null, null);
    }

    static ZoneState progressing(String zone, long desired, long observed) {
        return new ZoneState(zone, true, desired, observed, 0, false, null, T0);
    }

    static ZoneState retrying(String zone, long desired, int attempts) {
        return new ZoneState(zone, true, desired, 0, attempts, false, "boom", T1);
    }

    static ZoneState failed(String zone, long desired) {
        return new ZoneState(zone, true, desired, 0, 3, true, "boom", null);
    }

    static ZoneState tearingDown(String zone, long desired) {
        return new ZoneState(zone, false, desired, 1, 0, false, null, T0);
    }

    static StatusRollup.Result rollup(long generation, boolean deleting, List<String> specZones, List<ZoneState> zones) {
        return StatusRollup.rollup(new StatusRollup.Input(ID, generation, deleting, specZones, List.of("x.example.org"),
                "example.com", zones, List.of(), T1));
    }

    static Stream<Arguments> statuses() {
        List<String> ab = List.of("A", "B");
        return Stream.of(
                Arguments.of("new gateway, nothing converged", 1L, false, ab,
                        List.of(progressing("A", 1, 0), progressing("B", 1, 0)), GatewayStatus.STATUS_CREATING),
                Arguments.of("new gateway, one zone converged", 1L, false, ab,
                        List.of(converged("A", 1), progressing("B", 1, 0)), GatewayStatus.STATUS_CREATING),
                Arguments.of("every zone converged", 1L, false, ab,
                        List.of(converged("A", 1), converged("B", 1)), GatewayStatus.STATUS_READY),
                Arguments.of("update in flight", 2L, false, ab,
                        List.of(converged("A", 2), progressing("B", 2, 1)), GatewayStatus.STATUS_UPDATING),
                Arguments.of("update converged", 2L, false, ab,
                        List.of(converged("A", 2), converged("B", 2)), GatewayStatus.STATUS_READY),
                Arguments.of("removed zone still tearing down", 2L, false, List.of("A"),
                        List.of(converged("A", 2), tearingDown("B", 2)), GatewayStatus.STATUS_UPDATING),
                Arguments.of("a zone retrying", 1L, false, ab,
                        List.of(converged("A", 1), retrying("B", 1, 2)), GatewayStatus.STATUS_ERROR),
                Arguments.of("a zone failed beats a zone retrying", 1L, false, ab,
                        List.of(failed("A", 1), retrying("B", 1, 1)), GatewayStatus.STATUS_FAILED),
                Arguments.of("deleting beats everything", 3L, true, List.of(),
                        List.of(tearingDown("A", 3), tearingDown("B", 3)), GatewayStatus.STATUS_DELETING),
                Arguments.of("a zone without a row yet is progressing", 1L, false, ab,
                        List.of(converged("A", 1)), GatewayStatus.STATUS_CREATING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void status(String name, long generation, boolean deleting, List<String> specZones, List<ZoneState> zones,
            GatewayStatus expected) {
        assertThat(rollup(generation, deleting, specZones, zones).status()).isEqualTo(expected);
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of(converged("A", 2), "True", "Converged", 2L),
                Arguments.of(progressing("A", 2, 1), "Unknown", "Progressing", 1L),
                Arguments.of(retrying("A", 2, 1), "False", "RetryingAfterError", 0L),
                Arguments.of(failed("A", 2), "False", "RolloutFailed", 0L),
                Arguments.of(tearingDown("A", 2), "False", "Deleting", 1L));
    }

    @ParameterizedTest(name = "{1}/{2}")
    @MethodSource("conditions")
    void conditionOfOneZone(ZoneState zone, String status, String reason, long observedGeneration) {
        Condition condition = rollup(2, false, List.of("A"), List.of(zone)).conditions().get(0);
        assertThat(condition.type()).isEqualTo("Ready");
        assertThat(condition.zone()).isEqualTo("A");
        assertThat(condition.status()).isEqualTo(status);
        assertThat(condition.reason()).isEqualTo(reason);
        assertThat(condition.observedGeneration()).isEqualTo(observedGeneration);
        assertThat(condition.message()).isNotBlank().endsWith(".");
    }

    @Test
    void retryMessageNamesAttemptErrorAndNextAttempt() {
        Condition condition = rollup(1, false, List.of("A"), List.of(retrying("A", 1, 2))).conditions().get(0);
        assertThat(condition.message()).contains("Attempt 2").contains("boom").contains(T1.toString());
    }

    @Test
    void conditionTimeChangesOnlyWhenStatusOrReasonChanges() {
        Condition before = new Condition("Ready", "False", "RetryingAfterError", "Attempt 1 ...", T0, "A", 0);
        Condition sameReason = StatusRollup.rollup(new StatusRollup.Input(ID, 1, false, List.of("A"), List.of(),
                "example.com", List.of(retrying("A", 1, 2)), List.of(before), T1)).conditions().get(0);
        assertThat(sameReason.lastUpdateTime()).isEqualTo(T0);
        assertThat(sameReason.message()).contains("Attempt 2");

        Condition flipped = StatusRollup.rollup(new StatusRollup.Input(ID, 1, false, List.of("A"), List.of(),
                "example.com", List.of(converged("A", 1)), List.of(before), T1)).conditions().get(0);
        assertThat(flipped.lastUpdateTime()).isEqualTo(T1);
    }

    @Test
    void conditionsFollowSpecOrderThenZonesBeingRemoved() {
        var result = rollup(2, false, List.of("B", "A"),
                List.of(converged("A", 2), tearingDown("C", 2), progressing("B", 2, 1)));
        assertThat(result.conditions()).extracting(Condition::zone).containsExactly("B", "A", "C");
    }

    @Test
    void endpointsAppearPerServingZoneAndAdditionalDnsOnceEveryZoneServes() {
        var partial = rollup(1, false, List.of("US-A", "US-B"), List.of(converged("US-A", 1), progressing("US-B", 1, 0)));
        assertThat(partial.endpoints()).containsExactly("https://" + ID + ".us-a.example.com");

        var all = rollup(1, false, List.of("US-A", "US-B"), List.of(converged("US-A", 1), converged("US-B", 1)));
        assertThat(all.endpoints()).containsExactly("https://" + ID + ".us-a.example.com",
                "https://" + ID + ".us-b.example.com", "https://x.example.org");

        var updating = rollup(2, false, List.of("US-A"), List.of(progressing("US-A", 2, 1)));
        assertThat(updating.endpoints()).as("a zone keeps serving the old generation during an update")
                .containsExactly("https://" + ID + ".us-a.example.com", "https://x.example.org");

        var deleting = rollup(3, true, List.of("US-A"), List.of(tearingDown("US-A", 3)));
        assertThat(deleting.endpoints()).isEmpty();
    }
}
