package dev.inference.gateway.service;

import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.StoredGateway;
import java.time.Instant;
import java.util.UUID;

/**
 * A gateway of a page listed from its keys: its answer's kept bytes ({@code json}; null for the row read only to
 * tell whether another page follows, which is never answered), and no documents.
 */
public record KeptGateway(UUID id, long version, Instant createdAt, byte[] json) implements StoredGateway {
    @Override
    public Gateway gateway() {
        throw new IllegalStateException("gateway " + id + " was listed from its kept answer; its documents were not read");
    }
}
