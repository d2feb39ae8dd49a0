package dev.inference.gateway.domain;

import java.util.List;

/**
 * {@code spec.rolloutPolicy} (extension): how a change reaches the zones. Absent, a change goes to every zone at once
 * with no deadline and no automatic rollback, as before the extension. Fields left out take their defaults (the
 * methods below) and stay left out in answers.
 */
public record RolloutPolicy(RolloutStrategy strategy, List<Wave> waves, Integer progressDeadlineSeconds,
        FailurePolicy failurePolicy, Integer revisionHistoryLimit) {
    public static final int DEFAULT_DEADLINE_SECONDS = 600;
    public static final int DEFAULT_HISTORY_LIMIT = 10;

    public boolean inWaves() {
        return strategy == RolloutStrategy.ROLLOUT_STRATEGY_WAVES;
    }

    public int deadlineSeconds() {
        return progressDeadlineSeconds == null ? DEFAULT_DEADLINE_SECONDS : progressDeadlineSeconds;
    }

    public boolean pausesOnFailure() {
        return failurePolicy == FailurePolicy.FAILURE_POLICY_PAUSE;
    }

    public int historyLimit() {
        return revisionHistoryLimit == null ? DEFAULT_HISTORY_LIMIT : revisionHistoryLimit;
    }

    public List<Wave> wavesOrEmpty() {
        return waves == null ? List.of() : waves;
    }
}
