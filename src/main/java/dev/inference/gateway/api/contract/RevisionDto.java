package dev.inference.gateway.api.contract;

import dev.inference.gateway.domain.RevisionOutcome;
import java.time.Instant;

/** One revision as {@code GET /gateways/{id}/revisions} answers it; its spec as in a Gateway, without the apiKey. */
public record RevisionDto(long revision, long generation, GatewaySpecDto spec, Instant createdAt,
        RevisionOutcome outcome, String reason) {
}
