package dev.inference.gateway.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One version of a gateway, known by its keys alone: a list whose caller already has the answer of this version
 * reads no more of it (its documents are not read, so it has no {@link #gateway()}).
 */
public record GatewayVersion(UUID id, long version, Instant createdAt) implements StoredGateway {
    @Override
    public Gateway gateway() {
        throw new IllegalStateException("gateway " + id + " version " + version + " was listed by its keys; its "
                + "documents were not read");
    }
}
