package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A gateway as one row of storage holds it: its identity and row version, readable at once, and the whole gateway,
 * read from the stored documents only when asked for. A given id and version always hold the same gateway, so
 * what is made of it (an answer's bytes) can be kept and reused.
 */
public interface StoredGateway {
    UUID id();

    long version();

    Instant createdAt();

    Gateway gateway();
}
