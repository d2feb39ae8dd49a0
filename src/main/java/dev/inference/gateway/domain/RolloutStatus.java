package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * {@code status.rollout} as answers show it: the rollout's revision and the stable one, its phase, its waves, and
 * each zone's serving and target revision. {@code phase == SUCCEEDED} with {@code revision == N} only when every zone
 * serves N, converged.
 */
public record RolloutStatus(long revision, long stableRevision, RolloutPhase phase, PauseReason pauseReason,
        int currentWave, List<WaveStatus> waves, List<ZoneRollout> zones, Instant startedAt, Instant updatedAt,
        String message) {

    /** One wave: its zones, its phase, and its times (absent until they happen). */
    public record WaveStatus(String name, List<String> zones, WavePhase phase, Instant startedAt, Instant bakeUntil,
            Instant completedAt) {
    }

    /**
     * One zone: the revision it serves (0: none yet), the one it is moving to, its failed attempts at it, and what it
     * says (absent when nothing is to be said).
     */
    public record ZoneRollout(String zone, long servingRevision, long targetRevision, int attempts, String message) {
    }
}
