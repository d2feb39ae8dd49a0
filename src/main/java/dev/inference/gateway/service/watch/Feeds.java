package dev.inference.gateway.service.watch;

import dev.inference.gateway.config.WatchConfig;
import dev.inference.gateway.logging.LogThrottle;
import dev.inference.gateway.persistence.GatewayEvents;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live feeds of this instance, one per watched organization, and what feeds and watchers share: the history,
 * the settings, the event loop's timers and one throttled log of read failures.
 */
final class Feeds {
    final GatewayEvents events;
    final WatchConfig config;
    final Vertx vertx;
    final LogThrottle failureLog = new LogThrottle(Duration.ofSeconds(30));
    private final Map<String, Feed> byOrganization = new ConcurrentHashMap<>();

    Feeds(GatewayEvents events, WatchConfig config, Vertx vertx) {
        this.events = events;
        this.config = config;
        this.vertx = vertx;
    }

    boolean has(String organizationId) {
        return byOrganization.containsKey(organizationId);
    }

    /** The organization's feed, made at {@code head} if there is none. */
    Feed of(String organizationId, long head) {
        return byOrganization.computeIfAbsent(organizationId, org -> new Feed(this, org, head));
    }

    void closed(Feed feed) {
        byOrganization.remove(feed.organizationId, feed);
    }

    /** Tells the organization's feed, if any, that the history has news. */
    void wake(String organizationId) {
        Feed feed = byOrganization.get(organizationId);
        if (feed != null) {
            feed.wake();
        }
    }

    void wakeAll() {
        byOrganization.values().forEach(Feed::wake);
    }

    int watchers() {
        return byOrganization.values().stream().mapToInt(Feed::watchers).sum();
    }
}
