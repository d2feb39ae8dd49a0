package dev.inference.gateway.service;

import dev.inference.gateway.domain.Gateway;
import java.util.function.Function;

/** What a watch stream carries. */
public sealed interface WatchEvent {

    long resourceVersion();

    /**
     * A change: {@code ADDED}, {@code MODIFIED} or {@code DELETED}, and the gateway right after it. One instance
     * goes to every watcher of the organization on this instance, so its rendering is kept once made.
     */
    final class Change implements WatchEvent {
        private final String type;
        private final long resourceVersion;
        private final Gateway gateway;
        private volatile Object rendering;

        public Change(String type, long resourceVersion, Gateway gateway) {
            this.type = type;
            this.resourceVersion = resourceVersion;
            this.gateway = gateway;
        }

        public String type() {
            return type;
        }

        @Override
        public long resourceVersion() {
            return resourceVersion;
        }

        public Gateway gateway() {
            return gateway;
        }

        /** The event rendered by {@code render}, made once however many watchers write it. */
        @SuppressWarnings("unchecked")
        public <T> T rendered(Function<Change, T> render) {
            Object made = rendering;
            if (made == null) {
                made = render.apply(this);
                rendering = made;
            }
            return (T) made;
        }
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
