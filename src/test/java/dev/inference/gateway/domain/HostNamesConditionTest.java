package dev.inference.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The roll-up with the TXT ownership check: unverified names stay out of the endpoints; a condition says why. */
class HostNamesConditionTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final List<ZoneState> SERVING = List.of(new ZoneState("US-EAST-04A", true, 1, 1, 0, false, null, null));

    static StatusRollup.Result rollup(List<String> unverified, List<Condition> previous, Instant now) {
        return StatusRollup.rollup(new StatusRollup.Input("g", 1, false, List.of("US-EAST-04A"),
                List.of("a.example.org", "b.example.org"), "inference.example.com", SERVING, previous, now, null,
                unverified));
    }

    static Condition hosts(StatusRollup.Result result) {
        return result.conditions().stream().filter(c -> c.type().equals(Condition.HOST_NAMES_VERIFIED)).findFirst()
                .orElseThrow();
    }

    @Test
    void pendingNamesAreLeftOutAndNamed() {
        StatusRollup.Result result = rollup(List.of("b.example.org"), List.of(), T0);
        assertThat(result.endpoints()).contains("https://a.example.org").doesNotContain("https://b.example.org");
        Condition c = hosts(result);
        assertThat(c.status()).isEqualTo(Condition.FALSE);
        assertThat(c.reason()).isEqualTo("PendingVerification");
        assertThat(c.zone()).isNull();
        assertThat(c.message()).contains("b.example.org").contains("_inference-verification.b.example.org")
                .doesNotContain("_inference-verification.a.example.org");
        assertThat(result.conditions()).filteredOn(x -> x.type().equals(Condition.READY)).hasSize(1);

        // the same again keeps its time; verified, it turns True at the new time
        assertThat(hosts(rollup(List.of("b.example.org"), result.conditions(), T1)).lastUpdateTime()).isEqualTo(T0);
        StatusRollup.Result verified = rollup(List.of(), result.conditions(), T1);
        assertThat(hosts(verified).status()).isEqualTo(Condition.TRUE);
        assertThat(hosts(verified).reason()).isEqualTo("Verified");
        assertThat(hosts(verified).lastUpdateTime()).isEqualTo(T1);
        assertThat(verified.endpoints()).contains("https://a.example.org", "https://b.example.org");
    }

    @Test
    void withTheCheckOffThereIsNoCondition() {
        StatusRollup.Result result = rollup(null, List.of(), T0);
        assertThat(result.conditions()).noneMatch(c -> c.type().equals(Condition.HOST_NAMES_VERIFIED));
        assertThat(result.endpoints()).contains("https://a.example.org", "https://b.example.org");
    }

    @Test
    void aCreatedGatewayAppliedAgainIsUpdatingNotCreating() {
        // generation 1 served, a new apply token (a verified name) not yet
        ZoneState again = new ZoneState("US-EAST-04A", true, 1, 1, 0, false, null, T0, List.of(), null, null, 1, 1,
                2, 1, null);
        StatusRollup.Result result = StatusRollup.rollup(new StatusRollup.Input("g", 1, false, List.of("US-EAST-04A"),
                List.of("a.example.org"), "inference.example.com", List.of(again), List.of(), T0, null, List.of()));
        assertThat(result.status()).isEqualTo(GatewayStatus.STATUS_UPDATING);
    }
}
