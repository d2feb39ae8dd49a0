package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * What the rollout knows about one gateway x zone.
 *
 * @param present            true while the zone should serve the gateway; false while it is being torn down
 * @param desiredGeneration  the spec generation of the revision the zone is to serve
 * @param observedGeneration the spec generation the zone last converged to (0: never)
 * @param attempts           failed attempts at the current target
 * @param failed             out of attempts (or refused for good): terminal for the current target
 * @param lastError          the last error, for people
 * @param nextAttemptAt      when the next attempt is due (null: nothing to do, or held by a paused rollout)
 * @param endpoints          the URLs the zone reported serving the gateway at when it converged
 * @param zoneReason         why the zone says it has not converged yet (a CamelCase word), or null
 * @param zoneMessage        the zone's own words about it, or null
 * @param targetRevision     the revision the zone is to serve (0: none yet)
 * @param servedRevision     the revision the zone last converged to (0: none)
 * @param applyToken         increases with every new target of the zone: the ordering a driver keeps
 * @param observedToken      the token the zone last converged to
 * @param deadlineAt         when the zone's progress deadline for its target passes (null: none, or not applied yet)
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
        String zoneMessage,
        long targetRevision,
        long servedRevision,
        long applyToken,
        long observedToken,
        Instant deadlineAt) {

    public ZoneState {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /**
     * A zone of a gateway whose revisions are its generations (one revision per generation, tokens as generations):
     * what a gateway without rollout history looks like.
     */
    public ZoneState(String zone, boolean present, long desiredGeneration, long observedGeneration, int attempts,
            boolean failed, String lastError, Instant nextAttemptAt) {
        this(zone, present, desiredGeneration, observedGeneration, attempts, failed, lastError, nextAttemptAt,
                List.of(), null, null, desiredGeneration, observedGeneration, desiredGeneration, observedGeneration,
                null);
    }

    /** A zone just asked to serve a revision: due now, nothing observed, nothing tried yet. */
    public static ZoneState fresh(String zone, long generation, long revision, Instant now) {
        return new ZoneState(zone, true, generation, 0, 0, false, null, now, List.of(), null, null, revision, 0,
                generation, 0, null);
    }

    /** The zone serves its current target (whatever revision that is). */
    public boolean converged() {
        return present && observedToken >= applyToken;
    }

    /** The zone serves this revision, converged. */
    public boolean serves(long revision) {
        return converged() && servedRevision == revision && targetRevision == revision;
    }

    public boolean retrying() {
        return present && !failed && attempts > 0 && !converged();
    }

    /** A zone serves traffic once it has converged to some generation, until it is torn down. */
    public boolean serving() {
        return present && observedGeneration > 0;
    }
}
