package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one pure function from zone states to what a gateway's status says: the overall status, one {@code Ready}
 * condition per zone, and the endpoints. A condition keeps its {@code lastUpdateTime} unless its status or
 * reason changes, so passes that change nothing do not churn it.
 */
public final class StatusRollup {
    private StatusRollup() {
    }

    /**
     * @param gatewayId      the gateway's id, the first label of its zone endpoints
     * @param generation     the spec's current generation
     * @param deleting       whether the gateway is being deleted
     * @param specZones      the zones the current spec rolls out to, in order
     * @param additionalDns  extra DNS names, served once every zone serves
     * @param endpointDomain the base domain of zone endpoints
     * @param zones          the state of every zone row, including zones being torn down
     * @param previous       the conditions published before, to keep their times
     * @param now            the time of this roll-up
     */
    public record Input(String gatewayId, long generation, boolean deleting, List<String> specZones,
            List<String> additionalDns, String endpointDomain, List<ZoneState> zones, List<Condition> previous,
            Instant now) {
    }

    public record Result(GatewayStatus status, List<Condition> conditions, List<String> endpoints) {
    }

    public static Result rollup(Input in) {
        Map<String, ZoneState> byZone = new HashMap<>();
        in.zones().forEach(z -> byZone.put(z.zone(), z));
        Map<String, Condition> previous = new HashMap<>();
        in.previous().forEach(c -> previous.put(c.zone(), c));

        List<ZoneState> ordered = new ArrayList<>();
        for (String zone : in.specZones()) {
            ordered.add(byZone.getOrDefault(zone,
                    new ZoneState(zone, !in.deleting(), in.generation(), 0, 0, false, null, in.now())));
        }
        for (ZoneState zone : in.zones()) {
            if (!in.specZones().contains(zone.zone())) {
                ordered.add(zone);
            }
        }

        List<Condition> conditions = new ArrayList<>(ordered.size());
        for (ZoneState zone : ordered) {
            conditions.add(condition(zone, previous.get(zone.zone()), in.now()));
        }
        return new Result(status(in, ordered), List.copyOf(conditions), endpoints(in, ordered));
    }

    static GatewayStatus status(Input in, List<ZoneState> zones) {
        if (in.deleting()) {
            return GatewayStatus.STATUS_DELETING;
        }
        if (zones.stream().anyMatch(z -> z.present() && z.failed())) {
            return GatewayStatus.STATUS_FAILED;
        }
        if (zones.stream().anyMatch(ZoneState::retrying)) {
            return GatewayStatus.STATUS_ERROR;
        }
        boolean allConverged = zones.stream()
                .allMatch(z -> z.present() && z.converged() && z.observedGeneration() >= in.generation());
        if (allConverged) {
            return GatewayStatus.STATUS_READY;
        }
        return in.generation() <= 1 ? GatewayStatus.STATUS_CREATING : GatewayStatus.STATUS_UPDATING;
    }

    static Condition condition(ZoneState zone, Condition previous, Instant now) {
        String status;
        ConditionReason reason;
        String message;
        long generation = zone.desiredGeneration();
        if (!zone.present()) {
            status = Condition.FALSE;
            reason = ConditionReason.DELETING;
            message = "Tearing down the gateway in zone " + zone.zone() + ".";
        } else if (zone.converged()) {
            status = Condition.TRUE;
            reason = ConditionReason.CONVERGED;
            message = "Zone " + zone.zone() + " serves generation " + zone.observedGeneration() + ".";
        } else if (zone.failed()) {
            status = Condition.FALSE;
            reason = ConditionReason.ROLLOUT_FAILED;
            message = "Rollout of generation " + generation + " failed after " + zone.attempts() + " attempt"
                    + (zone.attempts() == 1 ? "" : "s") + ": " + sentence(zone.lastError());
        } else if (zone.retrying()) {
            status = Condition.FALSE;
            reason = ConditionReason.RETRYING_AFTER_ERROR;
            message = "Attempt " + zone.attempts() + " at generation " + generation + " failed: "
                    + sentence(zone.lastError()) + " Next attempt at " + zone.nextAttemptAt() + ".";
        } else {
            status = Condition.UNKNOWN;
            reason = ConditionReason.PROGRESSING;
            message = "Rolling out generation " + generation + " to zone " + zone.zone()
                    + (zone.observedGeneration() > 0 ? "; generation " + zone.observedGeneration() + " still serves." : ".");
        }
        boolean unchanged = previous != null && previous.status().equals(status)
                && previous.reason().equals(reason.word());
        Instant time = unchanged ? previous.lastUpdateTime() : now;
        return new Condition(Condition.READY, status, reason.word(), message, time, zone.zone(),
                zone.observedGeneration());
    }

    static List<String> endpoints(Input in, List<ZoneState> zones) {
        List<String> endpoints = new ArrayList<>();
        boolean everyZoneServes = !in.deleting();
        for (ZoneState zone : zones) {
            if (!in.specZones().contains(zone.zone())) {
                continue;
            }
            if (zone.serving() && !in.deleting()) {
                endpoints.add("https://" + in.gatewayId() + "." + zone.zone().toLowerCase(Locale.ROOT) + "."
                        + in.endpointDomain());
            } else {
                everyZoneServes = false;
            }
        }
        if (everyZoneServes && !in.specZones().isEmpty()) {
            in.additionalDns().forEach(name -> endpoints.add("https://" + name));
        }
        return List.copyOf(endpoints);
    }

    private static String sentence(String error) {
        String text = error == null || error.isBlank() ? "unknown error" : error.strip();
        return text.endsWith(".") ? text : text + ".";
    }
}
