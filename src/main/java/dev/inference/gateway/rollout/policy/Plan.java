package dev.inference.gateway.rollout.policy;

import dev.inference.gateway.domain.RevisionOutcome;
import dev.inference.gateway.domain.RolloutState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the planner decided: the rollout's new state, what each zone is to do now, what became of revisions, and when
 * the planner must look again even if no zone reports (a bake ends, a deadline passes; null: only when a zone does).
 */
public record Plan(RolloutState state, List<ZoneStep> steps, Map<Long, Outcome> outcomes, Instant checkAt) {

    public Plan {
        steps = List.copyOf(steps);
        outcomes = Map.copyOf(outcomes);
    }

    /** What became of a revision, and why, in one sentence. */
    public record Outcome(RevisionOutcome outcome, String reason) {
    }

    /** What one zone is to do now. */
    public sealed interface ZoneStep {
        String zone();
    }

    /** Serve this revision: a new target (a new apply token), due now, with a fresh deadline. */
    public record Release(String zone, long revision) implements ZoneStep {
    }

    /** Leave the zone: the revision it returns to does not include it. */
    public record TearDown(String zone) implements ZoneStep {
    }

    /** Start no new apply: not due until released or resumed; its deadline clock stops. */
    public record Hold(String zone) implements ZoneStep {
    }

    /** Due again; {@code retry}: its failure forgotten, its attempts and deadline started afresh. */
    public record Resume(String zone, boolean retry) implements ZoneStep {
    }
}
