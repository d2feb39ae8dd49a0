package dev.inference.gateway.domain;

import java.time.Instant;

/**
 * What the rollout knows about one gateway x zone.
 *
 * @param present            true while the zone should serve the gateway; false while it is being torn down
 * @param desiredGeneration  the generation the zone must reach
 * @param observedGeneration the last generation the zone converged to (0: never)
 * @param attempts           failed attempts at the desired generation
 * @param failed             out of attempts: terminal for the desired generation
 * @param lastError          the last error, for people
 * @param nextAttemptAt      when the next attempt is due (null: nothing to do)
 */
public record ZoneState(
        String zone,
        boolean present,
        long desiredGeneration,
        long observedGeneration,
        int attempts,
        boolean failed,
        String lastError,
        Instant nextAttemptAt) {

    public boolean converged() {
        return present && observedGeneration >= desiredGeneration;
    }

    public boolean retrying() {
        return present && !failed && attempts > 0 && !converged();
    }

    /** A zone serves traffic once it has converged to some generation, until it is torn down. */
    public boolean serving() {
        return present && observedGeneration > 0;
    }
}
