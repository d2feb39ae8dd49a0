package dev.inference.gateway.domain;

import java.time.Instant;

/** One revision of a gateway: the spec it made (without its secret), when, and what became of it. */
public record Revision(long revision, long generation, GatewaySpec spec, Instant createdAt, RevisionOutcome outcome,
        String reason) {
}
