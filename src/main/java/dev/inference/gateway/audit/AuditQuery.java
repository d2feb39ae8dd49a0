package dev.inference.gateway.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events of an organization: of one gateway, by one actor ({@code <issuer>#<subject>} or the subject alone),
 * recorded after and before a time (both exclusive); any of them may be absent.
 */
public record AuditQuery(UUID gatewayId, String actor, Instant after, Instant before) {
}
