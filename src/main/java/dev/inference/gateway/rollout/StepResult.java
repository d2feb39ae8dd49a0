package dev.inference.gateway.rollout;

import java.util.Locale;

/** What one zone step did; the metrics' {@code result} tag. */
public enum StepResult {
    /** The zone serves the desired generation now. */
    CONVERGED,
    /** The gateway is gone from the zone. */
    TORN_DOWN,
    /** The driver accepted the spec but the zone has not converged yet: look again soon. */
    PENDING,
    /** The attempt failed; another follows after a back-off. */
    RETRYING,
    /** The attempt failed and no other follows for this generation. */
    FAILED,
    /** A newer desired state arrived while the step ran; its result was not recorded. */
    SUPERSEDED,
    /** The gateway no longer exists. */
    GONE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
