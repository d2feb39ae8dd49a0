package dev.inference.gateway.domain;

import java.time.Duration;

/**
 * A quota of the caller's organization is used up: 429 RESOURCE_EXHAUSTED with a {@code google.rpc.QuotaFailure}
 * detail, and {@code Retry-After} when waiting helps (the request rate).
 */
public class QuotaExceededException extends RuntimeException {
    private final String organizationId;
    private final String description;
    private final Duration retryAfter;

    public QuotaExceededException(String organizationId, String description, Duration retryAfter) {
        super(description, null, false, false);
        this.organizationId = organizationId;
        this.description = description;
        this.retryAfter = retryAfter;
    }

    public String subject() {
        return "organizations/" + organizationId;
    }

    public String description() {
        return description;
    }

    /** How long to wait before trying again; null when waiting alone does not help (the gateway count). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
