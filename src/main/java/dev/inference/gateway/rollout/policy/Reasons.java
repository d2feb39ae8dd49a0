package dev.inference.gateway.rollout.policy;

/** The reasons of a gateway's {@code Progressing} condition: a fixed vocabulary of CamelCase words. */
final class Reasons {
    static final String STARTED = "RolloutStarted";
    static final String BAKING = "WaveBaking";
    static final String PAUSED = "RolloutPaused";
    static final String COMPLETE = "RolloutComplete";
    static final String DEADLINE = "ProgressDeadlineExceeded";
    static final String FAILED = "RolloutFailed";
    static final String ABORTED = "RolloutAborted";
    static final String ROLLED_BACK = "RolledBack";
    static final String ROLLBACK_FAILED = "RollbackFailed";

    private Reasons() {
    }
}
