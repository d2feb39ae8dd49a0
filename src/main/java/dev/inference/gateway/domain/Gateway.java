package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A snapshot of one gateway as answers show it. The spec carries no secret. */
public record Gateway(
        UUID id,
        String organizationId,
        GatewaySpec spec,
        long generation,
        GatewayStatus status,
        List<Condition> conditions,
        List<String> endpoints,
        Instant createdAt,
        Instant updatedAt,
        long version,
        RolloutStatus rollout) {
}
