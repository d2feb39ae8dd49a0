package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.List;

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
 * @param endpoints          the URLs the zone reported serving the gateway at when it converged
 * @param zoneReason         why the zone says it has not converged yet (a CamelCase word), or null
 * @param zoneMessage        the zone's own words about it, or null
 */
public record ZoneState(
        String zone,
        boolean present,
        long desiredGeneration,
        long observedGeneration,
        int attempts,
        boolean failed,
        String lastError,
        Instant nextAttemptAt,
        List<String> endpoints,
        String zoneReason,
        String zoneMessage) {

    public ZoneState {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** A zone with no report from the zone itself yet. */
    public ZoneState(String zone, boolean present, long desiredGeneration, long observedGeneration, int attempts,
            boolean failed, String lastError, Instant nextAttemptAt) {
        this(zone, present, desiredGeneration, observedGeneration, attempts, failed, lastError, nextAttemptAt,
                List.of(), null, null);
    }

    /** A zone just asked to serve a generation: due now, nothing observed, nothing tried yet. */
    public static ZoneState fresh(String zone, long generation, Instant now) {
        return new ZoneState(zone, true, generation, 0, 0, false, null, now);
    }

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
