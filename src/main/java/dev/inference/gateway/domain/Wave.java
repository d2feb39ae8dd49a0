package dev.inference.gateway.domain;

import java.util.List;

/**
 * One wave of a rollout: a name, its zones (zones of the gateway, or the single entry {@code "*"}: every zone of the
 * gateway no other wave names), how long it must stay converged before the next wave starts, and how many of its
 * zones may apply at once (0: all of them). Absent numbers take their defaults ({@link #bake()},
 * {@link #concurrency()}) and stay absent in answers.
 */
public record Wave(String name, List<String> zones, Integer bakeSeconds, Integer maxConcurrentZones) {
    public static final String EVERY_OTHER_ZONE = "*";

    public int bake() {
        return bakeSeconds == null ? 0 : bakeSeconds;
    }

    public int concurrency() {
        return maxConcurrentZones == null ? 0 : maxConcurrentZones;
    }
}
