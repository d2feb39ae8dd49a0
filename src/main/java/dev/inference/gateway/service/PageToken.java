package dev.inference.gateway.service;

import dev.inference.gateway.domain.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque keyset cursor of listing: the creation time and id of the last gateway of a page, and the
 * resourceVersion of the listing's first page (what every page answers: watching from it misses nothing).
 */
record PageToken(Instant createdAt, UUID id, long resourceVersion) {
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id + ":" + resourceVersion;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static PageToken decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (parts.length != 4) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            if (createdAt.isBefore(Instant.EPOCH) || createdAt.isAfter(LATEST)) {
                throw new IllegalArgumentException("time out of range");
            }
            long resourceVersion = Long.parseLong(parts[3]);
            if (resourceVersion < 0) {
                throw new IllegalArgumentException("negative version");
            }
            return new PageToken(createdAt, UUID.fromString(parts[2]), resourceVersion);
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("pageToken", "is not a token this service issued");
        }
    }
}
