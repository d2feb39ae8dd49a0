package dev.inference.gateway.rollout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inference.gateway.domain.FailurePolicy;
import dev.inference.gateway.domain.PauseReason;
import dev.inference.gateway.domain.RevisionOutcome;
import dev.inference.gateway.domain.RolloutPhase;
import dev.inference.gateway.domain.RolloutPolicy;
import dev.inference.gateway.domain.RolloutState;
import dev.inference.gateway.domain.RolloutStrategy;
import dev.inference.gateway.domain.Wave;
import dev.inference.gateway.domain.WavePhase;
import dev.inference.gateway.domain.ZoneState;
import dev.inference.gateway.rollout.policy.Plan.Hold;
import dev.inference.gateway.rollout.policy.Plan.Release;
import dev.inference.gateway.rollout.policy.Plan.Resume;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wave planner as the pure function it is: zone states and a clock in, decisions out. Revision 1 is stable and
 * served everywhere; revision 2 (generation 2) rolls out to zones A, B, C, D.
 */
class WavePlannerTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final List<String> ZONES = List.of("A", "B", "C", "D");

    /** The zones as a world the test moves forward: what the engine would write after each plan. */
    static final class World {
        final Map<String, ZoneState> zones = new HashMap<>();
        long token = 10;

        World() {
            ZONES.forEach(z -> zones.put(z, served(z, 1, 1)));
        }

        /** Applies a plan's steps as the engine does (a release is a new target, not yet converged). */
        World apply(Plan plan) {
            for (Plan.ZoneStep step : plan.steps()) {
                ZoneState z = zones.get(step.zone());
                if (step instanceof Release r) {
                    zones.put(step.zone(), new ZoneState(step.zone(), true, r.revision(), z.observedGeneration(), 0,
                            false, null, T0, List.of(), null, null, r.revision(), z.servedRevision(), ++token,
                            z.observedToken(), null));
                } else if (step instanceof Hold) {
                    zones.put(step.zone(), with(z, null, z.failed(), z.deadlineAt()));
                } else if (step instanceof Resume r) {
                    zones.put(step.zone(), with(z, T0, r.retry() ? false : z.failed(), r.retry() ? null : z.deadlineAt()));
                }
            }
            return this;
        }

        World converge(String zone) {
            ZoneState z = zones.get(zone);
            zones.put(zone, new ZoneState(zone, true, z.desiredGeneration(), z.desiredGeneration(), 0, false, null,
                    null, List.of(), null, null, z.targetRevision(), z.targetRevision(), z.applyToken(),
                    z.applyToken(), null));
            return this;
        }

        World fail(String zone) {
            ZoneState z = zones.get(zone);
            zones.put(zone, new ZoneState(zone, true, z.desiredGeneration(), z.observedGeneration(), 8, true,
                    "refused", null, List.of(), null, null, z.targetRevision(), z.servedRevision(), z.applyToken(),
                    z.observedToken(), null));
            return this;
        }

        World applying(String zone, Instant deadline) {
            ZoneState z = zones.get(zone);
            zones.put(zone, with(z, T0, false, deadline));
            return this;
        }

        long target(String zone) {
            return zones.get(zone).targetRevision();
        }
    }

    static ZoneState served(String zone, long revision, long generation) {
        return new ZoneState(zone, true, generation, generation, 0, false, null, null, List.of(), null, null,
                revision, revision, generation, generation, null);
    }

    static ZoneState with(ZoneState z, Instant due, boolean failed, Instant deadline) {
        return new ZoneState(z.zone(), z.present(), z.desiredGeneration(), z.observedGeneration(), z.attempts(),
                failed, z.lastError(), due, z.endpoints(), z.zoneReason(), z.zoneMessage(), z.targetRevision(),
                z.servedRevision(), z.applyToken(), z.observedToken(), deadline);
    }

    static RolloutState stable() {
        return new RolloutState(1, 1, 1, 1, ZONES, RolloutPhase.ROLLOUT_PHASE_SUCCEEDED, null, null, 0, null,
                WavePlanner.waves(null, ZONES), T0, T0, null, null, "RolloutComplete", null, T0);
    }

    static RolloutPolicy canary(int bake, FailurePolicy failure) {
        return new RolloutPolicy(RolloutStrategy.ROLLOUT_STRATEGY_WAVES, List.of(
                new Wave("canary", List.of("A"), bake, null), new Wave("rest", List.of("*"), null, null)),
                null, failure, null);
    }

    @Test
    void withoutAPolicyEveryZoneIsReleasedAtOnceAndTheRevisionSucceedsWhenAllServeIt() {
        World world = new World();
        Plan plan = WavePlanner.start(stable(), 2, 2, null, ZONES, world.zones, T0);
        assertThat(plan.steps()).containsExactlyInAnyOrder(new Release("A", 2), new Release("B", 2),
                new Release("C", 2), new Release("D", 2));
        assertThat(plan.outcomes().get(2L).outcome()).isEqualTo(RevisionOutcome.REVISION_OUTCOME_IN_PROGRESS);
        world.apply(plan).converge("A").converge("B").converge("C");
        Plan three = WavePlanner.advance(plan.state(), world.zones, T0.plusSeconds(1));
        assertThat(three.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_PROGRESSING);
        Plan all = WavePlanner.advance(plan.state(), world.converge("D").zones, T0.plusSeconds(2));
        assertThat(all.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_SUCCEEDED);
        assertThat(all.state().stableRevision()).isEqualTo(2);
        assertThat(all.outcomes().get(2L).outcome()).isEqualTo(RevisionOutcome.REVISION_OUTCOME_SUCCEEDED);
    }

    @Test
    void theOtherZonesGetNothingUntilTheCanaryHasStayedConvergedForItsBake() {
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, canary(60, null), ZONES, world.zones, T0);
        assertThat(start.steps()).containsExactly(new Release("A", 2));
        world.apply(start);
        Plan applying = WavePlanner.advance(start.state(), world.zones, T0.plusSeconds(5));
        assertThat(applying.steps()).isEmpty();

        Instant converged = T0.plusSeconds(10);
        Plan baking = WavePlanner.advance(start.state(), world.converge("A").zones, converged);
        assertThat(baking.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_BAKING);
        assertThat(baking.state().waves().get(0).bakeUntil()).isEqualTo(converged.plusSeconds(60));
        assertThat(baking.checkAt()).isEqualTo(converged.plusSeconds(60));
        assertThat(baking.steps()).isEmpty();

        Plan almost = WavePlanner.advance(baking.state(), world.zones, converged.plusSeconds(59));
        assertThat(almost.steps()).as("one second before the bake ends").isEmpty();
        assertThat(almost.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_BAKING);

        Plan rest = WavePlanner.advance(almost.state(), world.zones, converged.plusSeconds(60));
        assertThat(rest.steps()).containsExactly(new Release("B", 2), new Release("C", 2), new Release("D", 2));
        assertThat(rest.state().currentWave()).isEqualTo(1);
        assertThat(rest.state().waves().get(0).phase()).isEqualTo(WavePhase.WAVE_PHASE_COMPLETE);
        assertThat(rest.state().waves().get(1).phase()).isEqualTo(WavePhase.WAVE_PHASE_PROGRESSING);
    }

    @Test
    void maxConcurrentZonesIsNeverExceeded() {
        RolloutPolicy policy = new RolloutPolicy(RolloutStrategy.ROLLOUT_STRATEGY_WAVES,
                List.of(new Wave("all", List.of("*"), null, 2)), null, null, null);
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, policy, ZONES, world.zones, T0);
        assertThat(start.steps()).containsExactly(new Release("A", 2), new Release("B", 2));
        world.apply(start);
        assertThat(WavePlanner.advance(start.state(), world.zones, T0).steps()).isEmpty();
        Plan one = WavePlanner.advance(start.state(), world.converge("A").zones, T0);
        assertThat(one.steps()).containsExactly(new Release("C", 2));
        world.apply(one);
        Plan last = WavePlanner.advance(one.state(), world.converge("B").converge("C").zones, T0);
        assertThat(last.steps()).containsExactly(new Release("D", 2));
    }

    @Test
    void aFailureInTheSecondWaveRollsEveryZoneOnTheNewRevisionBackToTheStableOne() {
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, canary(0, null), ZONES, world.zones, T0);
        world.apply(start).converge("A");
        Plan rest = WavePlanner.advance(start.state(), world.zones, T0);
        world.apply(rest).converge("B").fail("C");
        Plan failed = WavePlanner.advance(rest.state(), world.zones, T0.plusSeconds(3));
        assertThat(failed.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_ROLLING_BACK);
        assertThat(failed.state().reason()).isEqualTo("RolloutFailed");
        assertThat(failed.state().failedZone()).isEqualTo("C");
        assertThat(failed.steps()).containsExactlyInAnyOrder(new Release("A", 1), new Release("B", 1),
                new Release("C", 1), new Release("D", 1));
        assertThat(failed.outcomes().get(2L).outcome()).isEqualTo(RevisionOutcome.REVISION_OUTCOME_FAILED);

        world.apply(failed).converge("A").converge("B").converge("C");
        assertThat(WavePlanner.advance(failed.state(), world.zones, T0.plusSeconds(4)).state().phase())
                .isEqualTo(RolloutPhase.ROLLOUT_PHASE_ROLLING_BACK);
        Plan back = WavePlanner.advance(failed.state(), world.converge("D").zones, T0.plusSeconds(5));
        assertThat(back.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_ROLLED_BACK);
        assertThat(back.state().reason()).isEqualTo("RolledBack");
        assertThat(back.outcomes().get(2L).outcome()).isEqualTo(RevisionOutcome.REVISION_OUTCOME_ROLLED_BACK);
        assertThat(back.state().stableRevision()).isEqualTo(1);
    }

    @Test
    void aZonePastItsProgressDeadlineFailsTheRollout() {
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, canary(0, null), ZONES, world.zones, T0);
        world.apply(start).applying("A", T0.plusSeconds(600));
        Plan before = WavePlanner.advance(start.state(), world.zones, T0.plusSeconds(599));
        assertThat(before.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_PROGRESSING);
        assertThat(before.checkAt()).isEqualTo(T0.plusSeconds(600));
        Plan after = WavePlanner.advance(start.state(), world.zones, T0.plusSeconds(600));
        assertThat(after.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_ROLLING_BACK);
        assertThat(after.state().reason()).isEqualTo("ProgressDeadlineExceeded");
    }

    @Test
    void underThePausePolicyAFailureStopsEverythingUntilResumeRetriesTheFailedZone() {
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, canary(0, FailurePolicy.FAILURE_POLICY_PAUSE), ZONES,
                world.zones, T0);
        world.apply(start).converge("A");
        Plan rest = WavePlanner.advance(start.state(), world.zones, T0);
        world.apply(rest).fail("C");
        Plan paused = WavePlanner.advance(rest.state(), world.zones, T0.plusSeconds(1));
        assertThat(paused.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_PAUSED);
        assertThat(paused.state().pauseReason()).isEqualTo(PauseReason.FAILURE);
        // the failed zone is not due anyway; the others applying are held
        assertThat(paused.steps()).containsExactlyInAnyOrder(new Hold("B"), new Hold("D"));
        world.apply(paused);
        assertThat(WavePlanner.advance(paused.state(), world.zones, T0.plusSeconds(100)).steps()).isEmpty();

        Plan resumed = WavePlanner.resume(paused.state(), world.zones, T0.plusSeconds(200));
        assertThat(resumed.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_PROGRESSING);
        assertThat(resumed.steps()).contains(new Resume("C", true), new Resume("B", false));
        assertThat(resumed.outcomes().get(2L).outcome()).isEqualTo(RevisionOutcome.REVISION_OUTCOME_IN_PROGRESS);
    }

    @Test
    void aPauseFreezesTheBakeAndResumeContinuesWithWhatWasLeft() {
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, canary(60, null), ZONES, world.zones, T0);
        Plan baking = WavePlanner.advance(start.state(), world.apply(start).converge("A").zones, T0);
        Plan paused = WavePlanner.pause(baking.state(), world.zones, T0.plusSeconds(20));
        assertThat(paused.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_PAUSED);
        assertThat(paused.state().pauseReason()).isEqualTo(PauseReason.USER);
        assertThat(paused.state().waves().get(0).bakeUntil()).isNull();
        assertThat(WavePlanner.advance(paused.state(), world.zones, T0.plusSeconds(500)).steps())
                .as("nothing moves while paused, long past the bake's first end").isEmpty();

        Plan resumed = WavePlanner.resume(paused.state(), world.zones, T0.plusSeconds(100));
        assertThat(resumed.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_BAKING);
        assertThat(resumed.state().waves().get(0).bakeUntil()).isEqualTo(T0.plusSeconds(140));
        assertThat(WavePlanner.advance(resumed.state(), world.zones, T0.plusSeconds(139)).steps()).isEmpty();
        assertThat(WavePlanner.advance(resumed.state(), world.zones, T0.plusSeconds(140)).steps()).hasSize(3);
    }

    @Test
    void abortReturnsEveryZoneToTheStableRevision() {
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, canary(60, null), ZONES, world.zones, T0);
        world.apply(start);
        Plan aborted = WavePlanner.abort(start.state(), world.zones, T0.plusSeconds(1));
        assertThat(aborted.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_ABORTED);
        assertThat(aborted.steps()).containsExactly(new Release("A", 1));
        assertThat(aborted.outcomes().get(2L).outcome()).isEqualTo(RevisionOutcome.REVISION_OUTCOME_ABORTED);
    }

    @Test
    void withoutAStableRevisionAFailureStopsWhereItIs() {
        World world = new World();
        ZONES.forEach(z -> world.zones.remove(z));
        Plan start = WavePlanner.start(null, 1, 1, canary(0, null), ZONES, world.zones, T0);
        assertThat(start.steps()).extracting(Plan.ZoneStep::zone).containsExactly("A");
        world.zones.put("A", new ZoneState("A", true, 1, 0, 8, true, "refused", null, List.of(), null, null, 1, 0, 1,
                0, null));
        Plan failed = WavePlanner.advance(start.state(), world.zones, T0.plusSeconds(1));
        assertThat(failed.state().phase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_FAILED);
        assertThat(failed.steps()).noneMatch(s -> s instanceof Release);
    }

    @Test
    void aChangeMidRolloutSupersedesItAndStartsAtWaveZero() {
        World world = new World();
        Plan first = WavePlanner.start(stable(), 2, 2, canary(60, null), ZONES, world.zones, T0);
        world.apply(first).converge("A");
        Plan baking = WavePlanner.advance(first.state(), world.zones, T0);
        Plan second = WavePlanner.start(baking.state(), 3, 3, canary(60, null), ZONES, world.zones, T0.plusSeconds(5));
        assertThat(second.outcomes().get(2L).outcome()).isEqualTo(RevisionOutcome.REVISION_OUTCOME_SUPERSEDED);
        assertThat(second.state().revision()).isEqualTo(3);
        assertThat(second.state().currentWave()).isZero();
        assertThat(second.steps()).containsExactly(new Release("A", 3));
        assertThat(second.state().stableRevision()).as("a superseded revision never became stable").isEqualTo(1);
    }

    @Test
    void succeededOnlyWhenEveryZoneServesTheRevision() {
        World world = new World();
        Plan start = WavePlanner.start(stable(), 2, 2, canary(0, null), ZONES, world.zones, T0);
        world.apply(start).converge("A");
        Plan rest = WavePlanner.advance(start.state(), world.zones, T0);
        world.apply(rest).converge("B").converge("C");
        // D converged once, to revision 1: it does not serve revision 2
        assertThat(world.zones.get("D").converged()).isFalse();
        assertThat(WavePlanner.advance(rest.state(), world.zones, T0).state().phase())
                .isEqualTo(RolloutPhase.ROLLOUT_PHASE_PROGRESSING);
        assertThat(WavePlanner.advance(rest.state(), world.converge("D").zones, T0).state().phase())
                .isEqualTo(RolloutPhase.ROLLOUT_PHASE_SUCCEEDED);
    }

    @Test
    void wavesResolveTheStarToEveryZoneNoOtherWaveNames() {
        assertThat(WavePlanner.waves(canary(5, null), ZONES)).extracting(w -> w.zones())
                .containsExactly(List.of("A"), List.of("B", "C", "D"));
        assertThat(WavePlanner.waves(null, ZONES)).singleElement().satisfies(w -> assertThat(w.zones())
                .isEqualTo(ZONES));
    }
}
