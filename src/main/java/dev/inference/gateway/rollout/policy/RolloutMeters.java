package dev.inference.gateway.rollout.policy;

import dev.inference.gateway.domain.RevisionOutcome;
import dev.inference.gateway.domain.RolloutPhase;
import dev.inference.gateway.domain.RolloutState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rollout meters: {@code rollouts_total{outcome}} (what became of revisions: succeeded, rolled back, aborted,
 * superseded, failed, paused) and {@code rollout_phase_seconds{phase}} (how long rollouts stayed in each phase).
 */
@ApplicationScoped
public class RolloutMeters {
    private final Map<RevisionOutcome, Counter> outcomes = new EnumMap<>(RevisionOutcome.class);
    private final Map<RolloutPhase, Timer> phases = new EnumMap<>(RolloutPhase.class);

    RolloutMeters(MeterRegistry registry) {
        for (RevisionOutcome outcome : RevisionOutcome.values()) {
            outcomes.put(outcome, Counter.builder("rollouts")
                    .description("Revisions by what became of them")
                    .tag("outcome", tag(outcome.name(), "REVISION_OUTCOME_"))
                    .register(registry));
        }
        for (RolloutPhase phase : RolloutPhase.values()) {
            phases.put(phase, Timer.builder("rollout.phase")
                    .description("Time rollouts spent in a phase, recorded when they left it")
                    .tag("phase", tag(phase.name(), "ROLLOUT_PHASE_"))
                    .publishPercentiles(0.5, 0.99)
                    .register(registry));
        }
    }

    void outcome(RevisionOutcome outcome) {
        outcomes.get(outcome).increment();
    }

    void phaseChanged(RolloutState before, RolloutState after) {
        if (before.phaseSince() != null && after.phaseSince() != null && before.phase() != after.phase()) {
            Duration spent = Duration.between(before.phaseSince(), after.phaseSince());
            phases.get(before.phase()).record(spent.isNegative() ? Duration.ZERO : spent);
        }
    }

    private static String tag(String name, String prefix) {
        return name.substring(prefix.length()).toLowerCase(Locale.ROOT);
    }
}
