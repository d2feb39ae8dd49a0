package dev.inference.gateway.service;

import java.time.Instant;

/**
 * A listing request: gateways updated after {@code updatedAfter} (or all); {@code pageSize} null or 0 answers
 * every item (as upstream), otherwise a page; {@code pageToken} continues a previous page.
 */
public record ListQuery(Instant updatedAfter, Integer pageSize, String pageToken) {
}
