package dev.inference.gateway.domain;

import java.time.Instant;

/**
 * A Kubernetes-shaped status condition of one zone. {@code observedGeneration} (extension) is the last spec
 * generation the zone converged to; below the gateway's generation the zone has not caught up yet.
 */
public record Condition(
        String type,
        String status,
        String reason,
        String message,
        Instant lastUpdateTime,
        String zone,
        long observedGeneration) {

    public static final String READY = "Ready";
    /** Gateway-wide (no zone), with the TXT ownership check on: whether the additionalDns names are verified. */
    public static final String HOST_NAMES_VERIFIED = "HostNamesVerified";
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";
}
