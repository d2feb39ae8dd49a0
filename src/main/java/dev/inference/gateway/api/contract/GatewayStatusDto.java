package dev.inference.gateway.api.contract;

import dev.inference.gateway.domain.Condition;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.RolloutStatus;
import java.time.Instant;
import java.util.List;

/** GatewayStatus as answered; {@code generation} and {@code rollout} are extensions. */
public record GatewayStatusDto(
        GatewayStatus status,
        Instant createdAt,
        Instant updatedAt,
        List<Condition> conditions,
        List<String> endpoints,
        long generation,
        RolloutStatus rollout) {
}
