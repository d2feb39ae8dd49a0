package dev.inference.gateway.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code spec.rolloutPolicy}, part of {@link SpecValidator}: one field violation per broken rule (a wave
 * zone not of the gateway, a zone in two waves, a zone of the gateway in no wave, {@code "*"} anywhere but alone in
 * the last wave, the limits of every number). Zones are matched as the spec's own zones are (case-insensitively) and
 * kept in the parameters' spelling; enums that say UNSPECIFIED are the same as unset.
 */
final class RolloutPolicyRules {
    static final int MAX_WAVES = 10;
    static final int MAX_BAKE_SECONDS = 86_400;
    static final int MIN_DEADLINE_SECONDS = 30;
    static final int MAX_DEADLINE_SECONDS = 86_400;
    static final int MAX_HISTORY = 100;
    static final int MAX_CONCURRENT = 1_000;
    private static final String FIELD = "rolloutPolicy";

    private final Map<String, String> zonesByUpperCase;

    RolloutPolicyRules(Map<String, String> zonesByUpperCase) {
        this.zonesByUpperCase = zonesByUpperCase;
    }

    /**
     * @param gatewayZones the zones the gateway rolls out to (its own list, or every available zone), canonical
     */
    RolloutPolicy normalize(RolloutPolicy raw, List<String> gatewayZones, List<FieldViolation> violations) {
        RolloutStrategy strategy = raw.strategy() == RolloutStrategy.ROLLOUT_STRATEGY_UNSPECIFIED ? null
                : raw.strategy();
        FailurePolicy failure = raw.failurePolicy() == FailurePolicy.FAILURE_POLICY_UNSPECIFIED ? null
                : raw.failurePolicy();
        range(FIELD + ".progressDeadlineSeconds", raw.progressDeadlineSeconds(), MIN_DEADLINE_SECONDS,
                MAX_DEADLINE_SECONDS, violations);
        range(FIELD + ".revisionHistoryLimit", raw.revisionHistoryLimit(), 1, MAX_HISTORY, violations);
        List<Wave> waves = raw.waves() == null ? List.of() : raw.waves();
        if (strategy != RolloutStrategy.ROLLOUT_STRATEGY_WAVES) {
            if (!waves.isEmpty()) {
                violations.add(new FieldViolation(FIELD + ".waves", "must be empty unless strategy is "
                        + "ROLLOUT_STRATEGY_WAVES (every zone at once)"));
            }
            return new RolloutPolicy(strategy, null, raw.progressDeadlineSeconds(), failure,
                    raw.revisionHistoryLimit());
        }
        if (waves.isEmpty() || waves.size() > MAX_WAVES) {
            violations.add(new FieldViolation(FIELD + ".waves", "must hold 1 to " + MAX_WAVES
                    + " waves with ROLLOUT_STRATEGY_WAVES, got " + waves.size()));
            return new RolloutPolicy(strategy, List.copyOf(waves), raw.progressDeadlineSeconds(), failure,
                    raw.revisionHistoryLimit());
        }
        List<Wave> normalized = normalizeWaves(waves, gatewayZones, violations);
        return new RolloutPolicy(strategy, normalized, raw.progressDeadlineSeconds(), failure,
                raw.revisionHistoryLimit());
    }

    private List<Wave> normalizeWaves(List<Wave> waves, List<String> gatewayZones, List<FieldViolation> violations) {
        List<Wave> normalized = new ArrayList<>(waves.size());
        Set<String> names = new HashSet<>();
        Map<String, Integer> placed = new HashMap<>();
        boolean everyOther = false;
        for (int i = 0; i < waves.size(); i++) {
            String at = FIELD + ".waves[" + i + "]";
            Wave wave = waves.get(i);
            if (wave == null) {
                violations.add(new FieldViolation(at, "must not be null"));
                continue;
            }
            String name = waveName(at + ".name", wave.name(), violations);
            if (name != null && !names.add(name)) {
                violations.add(new FieldViolation(at + ".name", "must be unique: another wave is named "
                        + SpecValidator.quote(name)));
            }
            range(at + ".bakeSeconds", wave.bakeSeconds(), 0, MAX_BAKE_SECONDS, violations);
            range(at + ".maxConcurrentZones", wave.maxConcurrentZones(), 0, MAX_CONCURRENT, violations);
            List<String> zones = new ArrayList<>();
            List<String> raw = wave.zones() == null ? List.of() : wave.zones();
            if (raw.isEmpty()) {
                violations.add(new FieldViolation(at + ".zones", "must name zones of the gateway, or be [\"*\"]"));
            }
            for (int z = 0; z < raw.size(); z++) {
                String field = at + ".zones[" + z + "]";
                String zone = raw.get(z) == null ? null : raw.get(z).strip();
                if (Wave.EVERY_OTHER_ZONE.equals(zone)) {
                    if (raw.size() != 1 || i != waves.size() - 1 || everyOther) {
                        violations.add(new FieldViolation(field, "\"*\" must be the only zone of the last wave"));
                    }
                    everyOther = true;
                    zones.add(Wave.EVERY_OTHER_ZONE);
                    continue;
                }
                String canonical = zone == null || !zone.chars().allMatch(c -> c < 128) ? null
                        : zonesByUpperCase.get(zone.toUpperCase(Locale.ROOT));
                if (canonical == null || !gatewayZones.contains(canonical)) {
                    violations.add(new FieldViolation(field, zone == null ? "must not be null"
                            : "is not a zone of this gateway: " + SpecValidator.quote(zone)));
                    continue;
                }
                Integer earlier = placed.putIfAbsent(canonical, i);
                if (earlier != null) {
                    violations.add(new FieldViolation(field, "zone " + canonical + " is already in wave "
                            + (earlier == i ? "this wave" : "[" + earlier + "]")));
                    continue;
                }
                zones.add(canonical);
            }
            normalized.add(new Wave(name, List.copyOf(zones), wave.bakeSeconds(), wave.maxConcurrentZones()));
        }
        if (!everyOther) {
            Set<String> unplaced = new LinkedHashSet<>(gatewayZones);
            unplaced.removeAll(placed.keySet());
            for (String zone : unplaced) {
                violations.add(new FieldViolation(FIELD + ".waves", "zone " + zone + " of the gateway is in no "
                        + "wave: name it in a wave, or end with a wave of [\"*\"]"));
            }
        }
        return List.copyOf(normalized);
    }

    private static String waveName(String field, String raw, List<FieldViolation> violations) {
        if (raw == null) {
            violations.add(new FieldViolation(field, "is required"));
            return null;
        }
        String name = SpecValidator.trimSpaces(raw);
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > SpecValidator.NAME_MAX) {
            violations.add(new FieldViolation(field, "must be 1 to " + SpecValidator.NAME_MAX + " characters, got "
                    + length));
        } else {
            SpecValidator.checkText(field, name, violations);
        }
        return name;
    }

    private static void range(String field, Integer value, int min, int max, List<FieldViolation> violations) {
        if (value != null && (value < min || value > max)) {
            violations.add(new FieldViolation(field, "must be between " + min + " and " + max + ", got " + value));
        }
    }
}
