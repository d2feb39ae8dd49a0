package dev.inference.gateway.service.watch;

import dev.inference.gateway.domain.Gateway;

/** What a watch stream carries. */
public sealed interface WatchEvent {

    long resourceVersion();

    /** A change: {@code ADDED}, {@code MODIFIED} or {@code DELETED}, and the gateway right after it. */
    record Change(String type, long resourceVersion, Gateway gateway) implements WatchEvent {
    }

    /** A heartbeat: nothing changed; the stream is at this version (a client may resume from it). */
    record Bookmark(long resourceVersion) implements WatchEvent {
    }

    /**
     * The last event of a stream whose client read more slowly than the changes came: watch again from the
     * version of the last event received.
     */
    record Expired(long resourceVersion, String message) implements WatchEvent {
    }
}
