package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * The durable state of a gateway's rollout (stored with the gateway): the revision being rolled out and the stable
 * one (the newest that succeeded, 0 for none), the phase, the waves, and the policy the rollout started with (a
 * rollout keeps its policy; a change to the policy governs the next one). {@code reason} is the CamelCase reason of
 * the gateway's {@code Progressing} condition.
 *
 * @param generation       the spec generation of {@code revision}
 * @param stableGeneration the spec generation of {@code stableRevision}
 * @param stableZones      the zones {@code stableRevision} is served in (what a rollback returns to)
 * @param resumePhase      the phase a paused rollout returns to
 * @param failedZone       the zone whose failure stopped the rollout, if one did
 * @param phaseSince       when the rollout entered its phase
 */
public record RolloutState(long revision, long generation, long stableRevision, long stableGeneration,
        List<String> stableZones, RolloutPhase phase, PauseReason pauseReason, RolloutPhase resumePhase, int currentWave, RolloutPolicy policy,
        List<WaveState> waves, Instant startedAt, Instant updatedAt, Instant pausedAt, String failedZone,
        String reason, String message, Instant phaseSince) {

    public RolloutState {
        waves = waves == null ? List.of() : List.copyOf(waves);
        stableZones = stableZones == null ? List.of() : List.copyOf(stableZones);
    }

    /** The zones of the rollout's revision, wave by wave. */
    public List<String> zones() {
        return waves.stream().flatMap(w -> w.zones().stream()).toList();
    }

    /** Whether a rollout with a policy runs (no policy: every zone at once, no deadline, no automatic rollback). */
    public boolean governed() {
        return policy != null;
    }

    public boolean inFlight() {
        return phase == RolloutPhase.ROLLOUT_PHASE_PROGRESSING || phase == RolloutPhase.ROLLOUT_PHASE_BAKING
                || phase == RolloutPhase.ROLLOUT_PHASE_PAUSED;
    }

    /** The rollout has ended badly: the gateway is FAILED until a new change, a resume or a rollback. */
    public boolean endedBadly() {
        return phase == RolloutPhase.ROLLOUT_PHASE_ROLLING_BACK || phase == RolloutPhase.ROLLOUT_PHASE_ROLLED_BACK
                || phase == RolloutPhase.ROLLOUT_PHASE_ABORTED || phase == RolloutPhase.ROLLOUT_PHASE_FAILED;
    }

    public WaveState wave(int index) {
        return index >= 0 && index < waves.size() ? waves.get(index) : null;
    }

    /** The wave that holds a zone, or null. */
    public WaveState waveOf(String zone) {
        return waves.stream().filter(w -> w.zones().contains(zone)).findFirst().orElse(null);
    }

    /** A copy with other values where given (a builder, kept small by naming what changes). */
    public Change change() {
        return new Change(this);
    }

    /** Changes to a rollout state, applied at once by {@link #done()}. */
    public static final class Change {
        private long stableRevision;
        private long stableGeneration;
        private List<String> stableZones;
        private RolloutPhase phase;
        private PauseReason pauseReason;
        private RolloutPhase resumePhase;
        private int currentWave;
        private List<WaveState> waves;
        private Instant updatedAt;
        private Instant pausedAt;
        private String failedZone;
        private String reason;
        private String message;
        private final RolloutState from;
        private boolean phaseChanged;

        Change(RolloutState from) {
            this.from = from;
            this.stableRevision = from.stableRevision;
            this.stableGeneration = from.stableGeneration;
            this.stableZones = from.stableZones;
            this.phase = from.phase;
            this.pauseReason = from.pauseReason;
            this.resumePhase = from.resumePhase;
            this.currentWave = from.currentWave;
            this.waves = from.waves;
            this.updatedAt = from.updatedAt;
            this.pausedAt = from.pausedAt;
            this.failedZone = from.failedZone;
            this.reason = from.reason;
            this.message = from.message;
        }

        public Change phase(RolloutPhase value, String newReason, String newMessage) {
            if (value != phase) {
                this.phaseChanged = true;
            }
            this.phase = value;
            this.reason = newReason;
            this.message = newMessage;
            return this;
        }

        public Change stable(long revision, long generation, List<String> zones) {
            this.stableRevision = revision;
            this.stableGeneration = generation;
            this.stableZones = zones;
            return this;
        }

        public Change paused(PauseReason why, RolloutPhase returnTo, Instant at) {
            this.pauseReason = why;
            this.resumePhase = returnTo;
            this.pausedAt = at;
            return this;
        }

        public Change currentWave(int value) {
            this.currentWave = value;
            return this;
        }

        public Change waves(List<WaveState> value) {
            this.waves = value;
            return this;
        }

        public Change failedZone(String zone) {
            this.failedZone = zone;
            return this;
        }

        public RolloutState done(Instant now) {
            return new RolloutState(from.revision, from.generation, stableRevision, stableGeneration, stableZones, phase,
                    pauseReason, resumePhase, currentWave, from.policy, waves, from.startedAt, now, pausedAt,
                    failedZone, reason, message, phaseChanged ? now : from.phaseSince);
        }
    }
}
