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
    private static final java.util.regex.Pattern ZONE_REASON = java.util.regex.Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

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
     * @param rollout        the gateway's rollout (null: a gateway seen before revisions existed, or in a test)
     * @param unverifiedDns  with the TXT ownership check on, the additionalDns names not verified yet (left out of
     *                       the endpoints, named by the {@code HostNamesVerified} condition); null: the check is off
     */
    public record Input(String gatewayId, long generation, boolean deleting, List<String> specZones,
            List<String> additionalDns, String endpointDomain, List<ZoneState> zones, List<Condition> previous,
            Instant now, RolloutState rollout, List<String> unverifiedDns) {

        public Input(String gatewayId, long generation, boolean deleting, List<String> specZones,
                List<String> additionalDns, String endpointDomain, List<ZoneState> zones, List<Condition> previous,
                Instant now, RolloutState rollout) {
            this(gatewayId, generation, deleting, specZones, additionalDns, endpointDomain, zones, previous, now,
                    rollout, null);
        }

        public Input(String gatewayId, long generation, boolean deleting, List<String> specZones,
                List<String> additionalDns, String endpointDomain, List<ZoneState> zones, List<Condition> previous,
                Instant now) {
            this(gatewayId, generation, deleting, specZones, additionalDns, endpointDomain, zones, previous, now,
                    null);
        }
    }

    public record Result(GatewayStatus status, List<Condition> conditions, List<String> endpoints,
            RolloutStatus rollout) {
    }

    public static Result rollup(Input in) {
        Map<String, ZoneState> byZone = new HashMap<>();
        in.zones().forEach(z -> byZone.put(z.zone(), z));
        Map<String, Condition> previous = new HashMap<>();
        Condition previousHosts = null;
        for (Condition c : in.previous()) {
            if (Condition.HOST_NAMES_VERIFIED.equals(c.type())) {
                previousHosts = c;
            } else {
                previous.put(c.zone(), c);
            }
        }

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

        List<Condition> conditions = new ArrayList<>(ordered.size() + 1);
        for (ZoneState zone : ordered) {
            conditions.add(condition(zone, previous.get(zone.zone()), in.now(), in.rollout()));
        }
        if (in.rollout() != null && in.rollout().governed()) {
            conditions.add(RolloutView.progressing(in.rollout(), previous.get(null), in.now()));
        }
        if (in.unverifiedDns() != null && !in.deleting() && !in.additionalDns().isEmpty()) {
            conditions.add(hostNames(in, previousHosts));
        }
        return new Result(status(in, ordered), List.copyOf(conditions), endpoints(in, ordered),
                in.rollout() == null ? null : RolloutView.of(in.rollout(), ordered));
    }

    static GatewayStatus status(Input in, List<ZoneState> zones) {
        if (in.deleting()) {
            return GatewayStatus.STATUS_DELETING;
        }
        RolloutState rollout = in.rollout();
        if (rollout != null && rollout.endedBadly()) {
            return GatewayStatus.STATUS_FAILED;
        }
        if (rollout != null && rollout.pauseReason() == PauseReason.FAILURE) {
            return GatewayStatus.STATUS_ERROR; // waits for a person: resume, abort or a new change
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
        // a gateway whose every zone has served generation 1 was created: applied again (a verified host name), it
        // is updating, not creating
        boolean created = !zones.isEmpty() && zones.stream().allMatch(z -> z.observedGeneration() >= 1);
        return in.generation() <= 1 && !created ? GatewayStatus.STATUS_CREATING : GatewayStatus.STATUS_UPDATING;
    }

    static Condition condition(ZoneState zone, Condition previous, Instant now, RolloutState rollout) {
        String status;
        ConditionReason reason;
        String message;
        long generation = zone.desiredGeneration();
        String waiting = RolloutView.waiting(rollout, zone);
        if (waiting != null) {
            return withTime(new Condition(Condition.READY, Condition.UNKNOWN, ConditionReason.PROGRESSING.word(),
                    waiting, null, zone.zone(), zone.observedGeneration()), previous, now);
        }
        if (!zone.present()) {
            status = Condition.FALSE;
            reason = ConditionReason.DELETING;
            message = "Tearing down the gateway in zone " + zone.zone() + ".";
        } else if (zone.converged()) {
            status = Condition.TRUE;
            reason = ConditionReason.CONVERGED;
            message = "Zone " + zone.zone() + " serves generation " + zone.observedGeneration()
                    + RolloutView.servedNote(rollout, zone) + ".";
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
        } else if (zoneReason(zone) != null) {
            return withTime(new Condition(Condition.READY, Condition.FALSE, zoneReason(zone),
                    "Zone " + zone.zone() + " has not programmed generation " + generation + " yet: "
                            + sentence(zone.zoneMessage()), null, zone.zone(), zone.observedGeneration()),
                    previous, now);
        } else {
            status = Condition.UNKNOWN;
            reason = ConditionReason.PROGRESSING;
            message = "Rolling out generation " + generation + " to zone " + zone.zone()
                    + (zone.observedGeneration() > 0 ? "; generation " + zone.observedGeneration() + " still serves." : ".");
        }
        return withTime(new Condition(Condition.READY, status, reason.word(), message, null, zone.zone(),
                zone.observedGeneration()), previous, now);
    }

    /**
     * With the TXT ownership check on: whether every additionalDns name is verified (True, {@code Verified}) or
     * which wait for their TXT record (False, {@code PendingVerification}).
     */
    static Condition hostNames(Input in, Condition previous) {
        List<String> pending = in.additionalDns().stream().filter(in.unverifiedDns()::contains).toList();
        if (pending.isEmpty()) {
            return withTime(new Condition(Condition.HOST_NAMES_VERIFIED, Condition.TRUE,
                    ConditionReason.VERIFIED.word(), "Every additionalDns name is verified and programmed.", null,
                    null, 0), previous, in.now());
        }
        StringBuilder message = new StringBuilder(pending.size() == 1 ? "The host name " : "The host names ")
                .append(String.join(", ", pending)).append(pending.size() == 1 ? " is" : " are")
                .append(" not programmed until verified: create the TXT record");
        message.append(pending.size() == 1 ? " " : "s ");
        message.append(String.join(", ", pending.stream().map(n -> VERIFICATION_PREFIX + "." + n).toList()));
        message.append(" holding the organization's verification token (GET /v1alpha1/inference/domainVerification).");
        return withTime(new Condition(Condition.HOST_NAMES_VERIFIED, Condition.FALSE,
                ConditionReason.PENDING_VERIFICATION.word(), message.toString(), null, null, 0), previous, in.now());
    }

    /** The first label of the TXT record that proves a host name: {@code _inference-verification.<name>}. */
    public static final String VERIFICATION_PREFIX = "_inference-verification";

    /** A condition keeps its time unless its status or reason changes. */
    private static Condition withTime(Condition c, Condition previous, Instant now) {
        boolean unchanged = previous != null && previous.status().equals(c.status())
                && previous.reason().equals(c.reason());
        return new Condition(c.type(), c.status(), c.reason(), c.message(),
                unchanged ? previous.lastUpdateTime() : now, c.zone(), c.observedGeneration());
    }

    /**
     * The reason a zone gave for not having converged, when it is a CamelCase word (the Kubernetes convention for
     * condition reasons); anything else is not shown as a reason.
     */
    static String zoneReason(ZoneState zone) {
        String reason = zone.zoneReason();
        return reason != null && ZONE_REASON.matcher(reason).matches() ? reason : null;
    }

    static List<String> endpoints(Input in, List<ZoneState> zones) {
        List<String> endpoints = new ArrayList<>();
        boolean everyZoneServes = !in.deleting();
        for (ZoneState zone : zones) {
            if (!in.specZones().contains(zone.zone())) {
                continue;
            }
            if (zone.serving() && !in.deleting()) {
                if (zone.endpoints().isEmpty()) { // recorded before zones reported their endpoints
                    endpoints.add("https://" + zoneHost(in.gatewayId(), zone.zone(), in.endpointDomain()));
                } else {
                    endpoints.addAll(zone.endpoints());
                }
            } else {
                everyZoneServes = false;
            }
        }
        if (everyZoneServes && !in.specZones().isEmpty()) {
            in.additionalDns().stream()
                    .filter(name -> in.unverifiedDns() == null || !in.unverifiedDns().contains(name))
                    .forEach(name -> endpoints.add("https://" + name));
        }
        return List.copyOf(endpoints);
    }

    /** The gateway's own host name in a zone: {@code <id>.<zone in lower case>.<endpoint domain>}. */
    public static String zoneHost(String gatewayId, String zone, String endpointDomain) {
        return gatewayId + "." + zone.toLowerCase(Locale.ROOT) + "." + endpointDomain;
    }

    private static String sentence(String error) {
        String text = error == null || error.isBlank() ? "unknown error" : error.strip();
        return text.endsWith(".") ? text : text + ".";
    }
}
