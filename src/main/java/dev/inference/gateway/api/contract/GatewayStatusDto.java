package dev.inference.gateway.api.contract;

import dev.inference.gateway.domain.Condition;
import dev.inference.gateway.domain.GatewayStatus;
import java.time.Instant;
import java.util.List;

/** GatewayStatus as answered; {@code generation} is an extension. */
public record GatewayStatusDto(
        GatewayStatus status,
        Instant createdAt,
        Instant updatedAt,
        List<Condition> conditions,
        List<String> endpoints,
        long generation) {
}
