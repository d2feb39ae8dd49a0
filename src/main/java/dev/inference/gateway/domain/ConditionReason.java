package dev.inference.gateway.domain;

/** The fixed vocabulary of condition reasons (CamelCase words, never class names). */
public enum ConditionReason {
    CONVERGED("Converged"),
    PROGRESSING("Progressing"),
    RETRYING_AFTER_ERROR("RetryingAfterError"),
    ROLLOUT_FAILED("RolloutFailed"),
    DELETING("Deleting"),
    VERIFIED("Verified"),
    PENDING_VERIFICATION("PendingVerification");

    private final String word;

    ConditionReason(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
