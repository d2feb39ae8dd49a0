package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * One wave of a rollout as it goes: its zones (resolved: {@code "*"} replaced by the zones it stands for), its
 * settings, its phase and times. {@code bakeLeftMillis} holds what was left of the bake while the rollout is paused.
 */
public record WaveState(String name, List<String> zones, int bakeSeconds, int maxConcurrentZones, WavePhase phase,
        Instant startedAt, Instant bakeUntil, Instant completedAt, Long bakeLeftMillis) {

    public WaveState {
        zones = zones == null ? List.of() : List.copyOf(zones);
    }

    public WaveState with(WavePhase newPhase) {
        return new WaveState(name, zones, bakeSeconds, maxConcurrentZones, newPhase, startedAt, bakeUntil, completedAt,
                bakeLeftMillis);
    }

    public WaveState started(Instant now) {
        return new WaveState(name, zones, bakeSeconds, maxConcurrentZones, WavePhase.WAVE_PHASE_PROGRESSING, now, null,
                null, null);
    }

    public WaveState baking(Instant until) {
        return new WaveState(name, zones, bakeSeconds, maxConcurrentZones, WavePhase.WAVE_PHASE_BAKING, startedAt,
                until, null, null);
    }

    public WaveState completed(Instant now) {
        return new WaveState(name, zones, bakeSeconds, maxConcurrentZones, WavePhase.WAVE_PHASE_COMPLETE, startedAt,
                bakeUntil, now, null);
    }

    /** The bake clock stopped: what was left is kept, the end is forgotten until the clock runs again. */
    public WaveState bakeFrozen(Instant now) {
        long left = bakeUntil == null ? 0 : Math.max(0, bakeUntil.toEpochMilli() - now.toEpochMilli());
        return new WaveState(name, zones, bakeSeconds, maxConcurrentZones, phase, startedAt, null, completedAt, left);
    }

    /** The bake clock runs again with what was left. */
    public WaveState bakeResumed(Instant now) {
        Instant until = bakeLeftMillis == null ? bakeUntil : now.plusMillis(bakeLeftMillis);
        return new WaveState(name, zones, bakeSeconds, maxConcurrentZones, phase, startedAt, until, completedAt, null);
    }
}
