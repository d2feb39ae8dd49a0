package dev.inference.gateway.domain;

/** An action that does not fit the rollout's phase (pausing a rollout that succeeded, say): 400 FAILED_PRECONDITION. */
public class RolloutPhaseException extends RuntimeException {
    public RolloutPhaseException(String message) {
        super(message, null, false, false);
    }
}
