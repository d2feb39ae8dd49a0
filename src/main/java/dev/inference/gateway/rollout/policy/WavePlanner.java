package dev.inference.gateway.rollout.policy;

import dev.inference.gateway.domain.PauseReason;
import dev.inference.gateway.domain.RevisionOutcome;
import dev.inference.gateway.domain.RolloutPhase;
import dev.inference.gateway.domain.RolloutPolicy;
import dev.inference.gateway.domain.RolloutState;
import dev.inference.gateway.domain.Wave;
import dev.inference.gateway.domain.WavePhase;
import dev.inference.gateway.domain.WaveState;
import dev.inference.gateway.domain.ZoneState;
import dev.inference.gateway.rollout.policy.Plan.Hold;
import dev.inference.gateway.rollout.policy.Plan.Outcome;
import dev.inference.gateway.rollout.policy.Plan.Release;
import dev.inference.gateway.rollout.policy.Plan.Resume;
import dev.inference.gateway.rollout.policy.Plan.ZoneStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rollout's decisions as plain functions of (rollout state, zone states, clock): which zones may take which
 * revision now, when a wave is done, baked, or failed, and what a failure does. No database, no wall clock: the
 * engine feeds it what it read under the gateway's lock and writes back what it answers. The zone workers stay
 * level-triggered: they converge whatever target a zone has; this decides the targets.
 */
public final class WavePlanner {
    /** The one wave of a rollout without waves. */
    static final String ALL = "all";

    private WavePlanner() {
    }

    /** The waves of a rollout of {@code zones}: the policy's, {@code "*"} resolved, or one wave of every zone. */
    public static List<WaveState> waves(RolloutPolicy policy, List<String> zones) {
        if (policy == null || !policy.inWaves()) {
            return List.of(new WaveState(ALL, zones, 0, 0, WavePhase.WAVE_PHASE_PENDING, null, null, null, null));
        }
        Set<String> named = new LinkedHashSet<>();
        policy.wavesOrEmpty().forEach(w -> w.zones().stream().filter(z -> !Wave.EVERY_OTHER_ZONE.equals(z))
                .forEach(named::add));
        List<WaveState> waves = new ArrayList<>();
        for (Wave wave : policy.wavesOrEmpty()) {
            List<String> own = wave.zones().contains(Wave.EVERY_OTHER_ZONE)
                    ? zones.stream().filter(z -> !named.contains(z)).toList()
                    : wave.zones().stream().filter(zones::contains).toList();
            waves.add(new WaveState(wave.name(), own, wave.bake(), wave.concurrency(), WavePhase.WAVE_PHASE_PENDING,
                    null, null, null, null));
        }
        return waves;
    }

    /**
     * A new rollout of {@code revision}: it supersedes one in flight, starts at wave 0 under {@code policy} (null:
     * every zone at once, as a gateway without a policy always goes), and releases what wave 0 allows.
     */
    public static Plan start(RolloutState previous, long revision, long generation, RolloutPolicy policy,
            List<String> zones, Map<String, ZoneState> states, Instant now) {
        Map<Long, Outcome> outcomes = new HashMap<>();
        if (previous != null && previous.inFlight() && previous.revision() != revision) {
            outcomes.put(previous.revision(), new Outcome(RevisionOutcome.REVISION_OUTCOME_SUPERSEDED,
                    "Superseded by revision " + revision + " before it completed."));
        }
        outcomes.put(revision, new Outcome(RevisionOutcome.REVISION_OUTCOME_IN_PROGRESS, "Rolling out."));
        List<WaveState> waves = new ArrayList<>(waves(policy, zones));
        waves.set(0, waves.get(0).started(now));
        RolloutState state = new RolloutState(revision, generation,
                previous == null ? 0 : previous.stableRevision(), previous == null ? 0 : previous.stableGeneration(),
                previous == null ? List.of() : previous.stableZones(), RolloutPhase.ROLLOUT_PHASE_PROGRESSING,
                null, null, 0, policy, waves, now, now, null, null,
                Reasons.STARTED, "Rolling out revision " + revision + ": wave " + waves.get(0).name() + ".", now);
        Plan advanced = advance(state, states, now);
        outcomes.putAll(advanced.outcomes());
        return new Plan(advanced.state(), advanced.steps(), outcomes, advanced.checkAt());
    }

    /** One look at a rollout: failures, finished and baked waves, zones the current wave may release now. */
    public static Plan advance(RolloutState state, Map<String, ZoneState> states, Instant now) {
        return switch (state.phase()) {
            case ROLLOUT_PHASE_PROGRESSING, ROLLOUT_PHASE_BAKING -> progress(state, states, now);
            case ROLLOUT_PHASE_ROLLING_BACK -> rollingBack(state, states, now);
            case ROLLOUT_PHASE_PAUSED -> new Plan(state, holdReleased(state, states), Map.of(), null);
            default -> new Plan(state, List.of(), Map.of(), null);
        };
    }

    private static Plan progress(RolloutState state, Map<String, ZoneState> states, Instant now) {
        String failed = failedZone(state, states, now);
        if (failed != null) {
            return fail(state, failed, states, now);
        }
        List<WaveState> waves = new ArrayList<>(state.waves());
        int current = state.currentWave();
        List<ZoneStep> steps = new ArrayList<>();
        RolloutState.Change change = state.change();
        while (current < waves.size()) {
            WaveState wave = waves.get(current);
            if (wave.phase() == WavePhase.WAVE_PHASE_BAKING) {
                if (wave.bakeUntil() != null && now.isBefore(wave.bakeUntil())) {
                    change.phase(RolloutPhase.ROLLOUT_PHASE_BAKING, Reasons.BAKING, "Wave " + wave.name()
                            + " converged; baking until " + wave.bakeUntil() + ".");
                    break;
                }
                waves.set(current, wave.completed(now));
                current = next(waves, current, now);
                continue;
            }
            release(state.revision(), wave, states, steps);
            boolean done = wave.zones().stream().allMatch(z -> serves(states, z, state.revision()));
            if (!done) {
                change.phase(RolloutPhase.ROLLOUT_PHASE_PROGRESSING, Reasons.STARTED, "Rolling out revision "
                        + state.revision() + ": wave " + wave.name() + ".");
                break;
            }
            if (wave.bakeSeconds() > 0 && current < waves.size() - 1) {
                waves.set(current, wave.baking(now.plusSeconds(wave.bakeSeconds())));
                continue; // look at the bake just started (it ends in the future)
            }
            waves.set(current, wave.completed(now));
            current = next(waves, current, now);
        }
        Map<Long, Outcome> outcomes = new HashMap<>();
        if (current >= waves.size()) {
            change.phase(RolloutPhase.ROLLOUT_PHASE_SUCCEEDED, Reasons.COMPLETE, "Every zone serves revision "
                    + state.revision() + ".").stable(state.revision(), state.generation(), state.zones());
            outcomes.put(state.revision(), new Outcome(RevisionOutcome.REVISION_OUTCOME_SUCCEEDED,
                    "Every zone converged to it."));
            current = waves.size() - 1;
        }
        RolloutState next = change.currentWave(current).waves(waves).done(now);
        return new Plan(next, steps, outcomes, checkAt(next, states));
    }

    /** Starts the wave after {@code index} (if any); answers its index. */
    private static int next(List<WaveState> waves, int index, Instant now) {
        int next = index + 1;
        if (next < waves.size()) {
            waves.set(next, waves.get(next).started(now));
        }
        return next;
    }

    /** Releases the wave's zones not yet on the revision, as many as its concurrency allows. */
    private static void release(long revision, WaveState wave, Map<String, ZoneState> states, List<ZoneStep> steps) {
        long applying = wave.zones().stream().filter(z -> targets(states, z, revision) && !serves(states, z, revision))
                .count();
        long room = wave.maxConcurrentZones() == 0 ? Long.MAX_VALUE : wave.maxConcurrentZones() - applying;
        for (String zone : wave.zones()) {
            if (room <= 0) {
                return;
            }
            if (!targets(states, zone, revision)) {
                steps.add(new Release(zone, revision));
                room--;
            }
        }
    }

    /** A zone on the rollout's revision that failed for good, or whose deadline passed. */
    private static String failedZone(RolloutState state, Map<String, ZoneState> states, Instant now) {
        for (WaveState wave : state.waves()) {
            for (String zone : wave.zones()) {
                ZoneState z = states.get(zone);
                if (z != null && z.targetRevision() == state.revision() && !z.converged()
                        && (z.failed() || state.governed() && z.deadlineAt() != null && !now.isBefore(z.deadlineAt()))) {
                    return zone;
                }
            }
        }
        return null;
    }

    private static Plan fail(RolloutState state, String zone, Map<String, ZoneState> states, Instant now) {
        ZoneState z = states.get(zone);
        boolean deadline = !z.failed();
        String why = deadline ? "zone " + zone + " did not converge within " + state.policy().deadlineSeconds() + " s"
                : "zone " + zone + " failed: " + (z.lastError() == null ? "no reason given" : z.lastError());
        RolloutState.Change change = state.change().failedZone(zone);
        String reason = deadline ? Reasons.DEADLINE : Reasons.FAILED;
        if (!state.governed()) { // as before rollout policies: the zone stays failed, the others carry on
            RolloutState failed = change.phase(RolloutPhase.ROLLOUT_PHASE_FAILED, reason, capitalized(why) + ".")
                    .done(now);
            return new Plan(failed, List.of(), Map.of(state.revision(),
                    new Outcome(RevisionOutcome.REVISION_OUTCOME_FAILED, capitalized(why) + ".")), null);
        }
        if (state.policy().pausesOnFailure()) {
            RolloutState paused = change.phase(RolloutPhase.ROLLOUT_PHASE_PAUSED, Reasons.PAUSED, "Paused: " + why
                    + "; resume retries it, abort returns every zone to the stable revision.")
                    .paused(PauseReason.FAILURE, state.phase(), now).waves(frozen(state.waves(), now)).done(now);
            return new Plan(paused, holdReleased(state, states), Map.of(state.revision(),
                    new Outcome(RevisionOutcome.REVISION_OUTCOME_PAUSED, "Paused: " + why + ".")), null);
        }
        if (state.stableRevision() == 0) {
            RolloutState failed = change.phase(RolloutPhase.ROLLOUT_PHASE_FAILED, reason, capitalized(why)
                    + "; there is no stable revision to roll back to.").done(now);
            return new Plan(failed, holdReleased(state, states), Map.of(state.revision(),
                    new Outcome(RevisionOutcome.REVISION_OUTCOME_FAILED, capitalized(why) + ".")), null);
        }
        RolloutState rolling = change.phase(RolloutPhase.ROLLOUT_PHASE_ROLLING_BACK, reason, capitalized(why)
                + "; every zone returns to revision " + state.stableRevision() + ".")
                .waves(failedWave(state.waves(), zone)).done(now);
        Plan back = returnToStable(rolling, states);
        return new Plan(back.state(), back.steps(), Map.of(state.revision(),
                new Outcome(RevisionOutcome.REVISION_OUTCOME_FAILED, capitalized(why) + "; rolling back.")),
                back.checkAt());
    }

    private static Plan rollingBack(RolloutState state, Map<String, ZoneState> states, Instant now) {
        for (String zone : state.stableZones()) {
            ZoneState z = states.get(zone);
            if (z != null && z.targetRevision() == state.stableRevision() && !z.converged() && (z.failed()
                    || state.governed() && z.deadlineAt() != null && !now.isBefore(z.deadlineAt()))) {
                RolloutState failed = state.change().phase(RolloutPhase.ROLLOUT_PHASE_FAILED, Reasons.ROLLBACK_FAILED,
                        "The rollback to revision " + state.stableRevision() + " failed in zone " + zone + ".")
                        .done(now);
                return new Plan(failed, List.of(), Map.of(), null);
            }
        }
        if (state.stableZones().stream().allMatch(z -> serves(states, z, state.stableRevision()))) {
            RolloutState done = state.change().phase(RolloutPhase.ROLLOUT_PHASE_ROLLED_BACK, Reasons.ROLLED_BACK,
                    "Every zone serves revision " + state.stableRevision() + " again; revision " + state.revision()
                            + " was rolled back.").done(now);
            return new Plan(done, List.of(), Map.of(state.revision(), new Outcome(
                    RevisionOutcome.REVISION_OUTCOME_ROLLED_BACK, "Rolled back to revision " + state.stableRevision()
                            + " after " + (state.failedZone() == null ? "a failure" : "zone " + state.failedZone()
                                    + " failed") + ".")), null);
        }
        return returnToStable(state, states);
    }

    /**
     * Every zone of the stable revision that does not serve it is sent back to it (all at once); a zone the stable
     * revision does not have is torn down.
     */
    private static Plan returnToStable(RolloutState state, Map<String, ZoneState> states) {
        List<ZoneStep> steps = new ArrayList<>();
        for (String zone : state.stableZones()) {
            if (!targets(states, zone, state.stableRevision())) {
                steps.add(new Release(zone, state.stableRevision()));
            }
        }
        for (ZoneState z : states.values()) {
            if (z.present() && !state.stableZones().contains(z.zone())) {
                steps.add(new Plan.TearDown(z.zone()));
            }
        }
        return new Plan(state, steps, Map.of(), checkAt(state, states));
    }

    /** A person paused the rollout: no new apply; the bake and deadline clocks stop. */
    public static Plan pause(RolloutState state, Map<String, ZoneState> states, Instant now) {
        RolloutState paused = state.change().phase(RolloutPhase.ROLLOUT_PHASE_PAUSED, Reasons.PAUSED,
                        "Paused by a person at wave " + state.waves().get(state.currentWave()).name() + ".")
                .paused(PauseReason.USER, state.phase(), now).waves(frozen(state.waves(), now)).done(now);
        return new Plan(paused, holdReleased(state, states), Map.of(state.revision(),
                new Outcome(RevisionOutcome.REVISION_OUTCOME_PAUSED, "Paused by a person.")), null);
    }

    /**
     * Resumes a paused rollout where it stopped (the failed zone retried, the bake continued with what was left);
     * a rollout that ended badly (rolled back, aborted, failed) starts again at wave 0.
     */
    public static Plan resume(RolloutState state, Map<String, ZoneState> states, Instant now) {
        if (state.phase() != RolloutPhase.ROLLOUT_PHASE_PAUSED) {
            List<ZoneStep> retries = retries(state, states, true);
            Plan started = start(state, state.revision(), state.generation(), state.policy(), state.zones(),
                    resumedStates(states, retries), now);
            List<ZoneStep> steps = new ArrayList<>(retries);
            steps.addAll(started.steps());
            return new Plan(started.state(), steps, started.outcomes(), started.checkAt());
        }
        List<WaveState> waves = new ArrayList<>(state.waves());
        int current = state.currentWave();
        waves.set(current, waves.get(current).bakeResumed(now));
        RolloutPhase back = state.resumePhase() == null ? RolloutPhase.ROLLOUT_PHASE_PROGRESSING : state.resumePhase();
        RolloutState resumed = state.change().phase(back, Reasons.STARTED, "Resumed at wave "
                        + waves.get(current).name() + ".").paused(null, null, null).failedZone(null).waves(waves)
                .done(now);
        List<ZoneStep> steps = retries(state, states, false);
        Plan advanced = advance(resumed, resumedStates(states, steps), now);
        List<ZoneStep> all = new ArrayList<>(steps);
        all.addAll(advanced.steps());
        Map<Long, Outcome> outcomes = new HashMap<>(Map.of(state.revision(),
                new Outcome(RevisionOutcome.REVISION_OUTCOME_IN_PROGRESS, "Resumed.")));
        outcomes.putAll(advanced.outcomes());
        return new Plan(advanced.state(), all, outcomes, advanced.checkAt());
    }

    /** The zones of the rollout's revision that have not converged: due again (a failed one retried afresh). */
    private static List<ZoneStep> retries(RolloutState state, Map<String, ZoneState> states, boolean allAfresh) {
        List<ZoneStep> steps = new ArrayList<>();
        for (String zone : state.zones()) {
            ZoneState z = states.get(zone);
            if (z != null && z.present() && z.targetRevision() == state.revision() && !z.converged()) {
                steps.add(new Resume(zone, allAfresh || z.failed() || zone.equals(state.failedZone())));
            }
        }
        return steps;
    }

    /** Stops the rollout and returns every zone to the stable revision (if there is one). */
    public static Plan abort(RolloutState state, Map<String, ZoneState> states, Instant now) {
        boolean stable = state.stableRevision() > 0;
        RolloutState aborted = state.change().phase(RolloutPhase.ROLLOUT_PHASE_ABORTED, Reasons.ABORTED,
                "Aborted by a person; " + (stable ? "every zone returns to revision " + state.stableRevision() + "."
                        : "there is no stable revision to return to, so the zones stay as they are."))
                .paused(null, null, null).waves(frozen(state.waves(), now)).done(now);
        Map<Long, Outcome> outcomes = Map.of(state.revision(),
                new Outcome(RevisionOutcome.REVISION_OUTCOME_ABORTED, "Aborted by a person."));
        if (!stable) {
            return new Plan(aborted, holdReleased(state, states), outcomes, null);
        }
        Plan back = returnToStable(aborted, states);
        return new Plan(aborted, back.steps(), outcomes, back.checkAt());
    }

    /** Zones on the rollout's revision that have not converged yet: no new apply for them. */
    private static List<ZoneStep> holdReleased(RolloutState state, Map<String, ZoneState> states) {
        List<ZoneStep> steps = new ArrayList<>();
        for (WaveState wave : state.waves()) {
            for (String zone : wave.zones()) {
                ZoneState z = states.get(zone);
                if (z != null && z.targetRevision() == state.revision() && !z.converged()
                        && z.nextAttemptAt() != null) {
                    steps.add(new Hold(zone));
                }
            }
        }
        return steps;
    }

    private static List<WaveState> frozen(List<WaveState> waves, Instant now) {
        return waves.stream().map(w -> w.phase() == WavePhase.WAVE_PHASE_BAKING ? w.bakeFrozen(now) : w).toList();
    }

    private static List<WaveState> failedWave(List<WaveState> waves, String zone) {
        return waves.stream().map(w -> w.zones().contains(zone) ? w.with(WavePhase.WAVE_PHASE_FAILED) : w).toList();
    }

    /** The zone states as the resume's own steps leave them (retried zones no longer failed). */
    private static Map<String, ZoneState> resumedStates(Map<String, ZoneState> states, List<ZoneStep> steps) {
        Map<String, ZoneState> resumed = new HashMap<>(states);
        for (ZoneStep step : steps) {
            ZoneState z = states.get(step.zone());
            if (step instanceof Resume r && r.retry() && z != null) {
                resumed.put(step.zone(), new ZoneState(z.zone(), z.present(), z.desiredGeneration(),
                        z.observedGeneration(), 0, false, null, null, z.endpoints(), null, null, z.targetRevision(),
                        z.servedRevision(), z.applyToken(), z.observedToken(), null));
            }
        }
        return resumed;
    }

    /** When to look again without a zone's report: the end of a bake, the nearest deadline of a zone applying. */
    private static Instant checkAt(RolloutState state, Map<String, ZoneState> states) {
        Instant at = null;
        WaveState wave = state.wave(state.currentWave());
        if (state.phase() == RolloutPhase.ROLLOUT_PHASE_BAKING && wave != null && wave.bakeUntil() != null) {
            at = wave.bakeUntil();
        }
        if (state.governed()) {
            for (ZoneState z : states.values()) {
                if (!z.converged() && z.deadlineAt() != null && (at == null || z.deadlineAt().isBefore(at))) {
                    at = z.deadlineAt();
                }
            }
        }
        return at;
    }

    private static boolean targets(Map<String, ZoneState> states, String zone, long revision) {
        ZoneState z = states.get(zone);
        return z != null && z.present() && z.targetRevision() == revision;
    }

    private static boolean serves(Map<String, ZoneState> states, String zone, long revision) {
        ZoneState z = states.get(zone);
        return z != null && z.serves(revision);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
