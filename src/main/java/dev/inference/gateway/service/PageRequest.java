package dev.inference.gateway.service;

import java.time.Instant;

/**
 * A listing request: {@code pageSize} null answers every item (as upstream); {@code pageToken} continues a
 * previous page.
 */
public record PageRequest(Instant updatedAfter, Integer pageSize, String pageToken) {
}
