package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a gateway's rollout shows: {@code status.rollout}, its {@code Progressing} condition, zones' waiting notes. */
final class RolloutView {
    static final String PROGRESSING = "Progressing";

    private RolloutView() {
    }

    static RolloutStatus of(RolloutState rollout, List<ZoneState> zones) {
        List<RolloutStatus.WaveStatus> waves = new ArrayList<>(rollout.waves().size());
        for (WaveState wave : rollout.waves()) {
            waves.add(new RolloutStatus.WaveStatus(wave.name(), wave.zones(), wave.phase(), wave.startedAt(),
                    wave.bakeUntil(), wave.completedAt()));
        }
        List<RolloutStatus.ZoneRollout> views = new ArrayList<>(zones.size());
        for (ZoneState zone : zones) {
            if (!zone.present()) {
                continue;
            }
            long serving = zone.observedToken() > 0 ? zone.servedRevision() : 0;
            views.add(new RolloutStatus.ZoneRollout(zone.zone(), serving, zone.targetRevision(), zone.attempts(),
                    message(rollout, zone)));
        }
        return new RolloutStatus(rollout.revision(), rollout.stableRevision(), rollout.phase(), rollout.pauseReason(),
                rollout.currentWave(), waves, views, rollout.startedAt(), rollout.updatedAt(), rollout.message());
    }

    private static String message(RolloutState rollout, ZoneState zone) {
        if (zone.failed() || zone.attempts() > 0) {
            return zone.lastError();
        }
        String waiting = waiting(rollout, zone);
        if (waiting != null) {
            return waiting;
        }
        return zone.converged() ? null : zone.zoneMessage();
    }

    /** The gateway-level condition that carries the rollout's reason (gateways with a rollout policy). */
    static Condition progressing(RolloutState rollout, Condition previous, Instant now) {
        String status = switch (rollout.phase()) {
            case ROLLOUT_PHASE_PROGRESSING, ROLLOUT_PHASE_BAKING, ROLLOUT_PHASE_SUCCEEDED -> Condition.TRUE;
            case ROLLOUT_PHASE_PAUSED -> Condition.UNKNOWN;
            default -> Condition.FALSE;
        };
        String reason = rollout.reason() == null ? "RolloutStarted" : rollout.reason();
        String message = rollout.message() == null ? "Revision " + rollout.revision() + "." : rollout.message();
        boolean unchanged = previous != null && previous.status().equals(status) && previous.reason().equals(reason);
        return new Condition(PROGRESSING, status, reason, message, unchanged ? previous.lastUpdateTime() : now, null,
                rollout.generation());
    }

    /**
     * Why a zone has not caught up although nothing is wrong with it: it waits for its wave (or for a paused rollout),
     * and serves an earlier revision meanwhile; null when it is not waiting.
     */
    static String waiting(RolloutState rollout, ZoneState zone) {
        if (rollout == null || !zone.present() || !rollout.inFlight() || zone.targetRevision() == rollout.revision()) {
            return null;
        }
        WaveState wave = rollout.waveOf(zone.zone());
        if (wave == null) {
            return null;
        }
        String serving = zone.observedToken() > 0 && zone.converged()
                ? "; revision " + zone.servedRevision() + " (generation " + zone.observedGeneration() + ") still serves"
                : "";
        if (rollout.phase() == RolloutPhase.ROLLOUT_PHASE_PAUSED) {
            return "The rollout of revision " + rollout.revision() + " is paused before zone " + zone.zone()
                    + " (wave " + wave.name() + ")" + serving + ".";
        }
        return "Zone " + zone.zone() + " waits for wave " + wave.name() + " of revision " + rollout.revision()
                + serving + ".";
    }

    /** What a converged zone adds about the revision it serves, when that is not the newest. */
    static String servedNote(RolloutState rollout, ZoneState zone) {
        if (rollout == null || zone.servedRevision() == rollout.revision() || zone.servedRevision() == 0) {
            return "";
        }
        if (zone.servedRevision() == rollout.stableRevision() && rollout.endedBadly()) {
            return " (revision " + zone.servedRevision() + ", the stable one: revision " + rollout.revision()
                    + " was " + (rollout.phase() == RolloutPhase.ROLLOUT_PHASE_ABORTED ? "aborted" : "rolled back")
                    + ")";
        }
        return " (revision " + zone.servedRevision() + ")";
    }
}
