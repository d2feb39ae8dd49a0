package dev.inference.gateway.service.watch;

import dev.inference.gateway.config.WatchConfig;
import dev.inference.gateway.domain.HistoryExpiredException;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.persistence.ChangeSignals;
import dev.inference.gateway.persistence.GatewayEvents;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watch: each stream gets the changes of its organization after a version, in commit order, from the history the
 * database keeps (migration V7). Per organization and instance one {@link Feed} reads new events once and hands them
 * to every watcher of that organization; it reads when the database signals a commit (LISTEN/NOTIFY) and, as a
 * safety net, every {@code watch.poll}. A {@link Watcher} that starts behind the feed catches up from the history on
 * its own, then joins it. Every watcher has a bounded buffer: one that falls further behind is ended with an
 * {@link WatchEvent.Expired} event and can resume from its last version.
 */
@ApplicationScoped
public class WatchService {
    private final GatewayEvents events;
    private final ChangeSignals signals;
    private final WatchConfig config;
    private final Feeds feeds;

    WatchService(GatewayEvents events, ChangeSignals signals, WatchConfig config, Vertx vertx) {
        this.events = events;
        this.signals = signals;
        this.config = config;
        this.feeds = new Feeds(events, config, vertx);
    }

    void start(@Observes StartupEvent event) {
        signals.onGatewayEvent((organization, version) -> feeds.wake(organization));
        signals.onReconnect(feeds::wakeAll);
    }

    /** The version a list made now would answer: what a client that only wants new changes watches from. */
    public Uni<Long> currentVersion(String organizationId) {
        return events.clock(organizationId).map(GatewayEvents.Clock::resourceVersion);
    }

    /**
     * The changes of an organization after {@code resourceVersion} (none given: after the latest), as a stream that
     * never ends by itself. Fails at once with 400 for a version that is not one, or one ahead of the history, and
     * 410 for one older than the history keeps.
     */
    public Uni<Multi<WatchEvent>> watch(String organizationId, String resourceVersion) {
        Long requested = parse(resourceVersion);
        return events.clock(organizationId).map(clock -> {
            long start = requested == null ? clock.resourceVersion() : requested;
            if (start < clock.prunedThrough()) {
                throw new HistoryExpiredException(start, clock.prunedThrough());
            }
            if (start > clock.resourceVersion()) {
                throw new InvalidArgumentException("resourceVersion", "is ahead of this organization's history (its "
                        + "latest is " + clock.resourceVersion() + ")");
            }
            return stream(organizationId, start);
        });
    }

    private Multi<WatchEvent> stream(String organizationId, long start) {
        AtomicReference<Watcher> created = new AtomicReference<>();
        return Multi.createFrom().<WatchEvent>emitter(emitter -> {
                    Watcher watcher = new Watcher(feeds, organizationId, start, emitter);
                    created.set(watcher);
                    emitter.onTermination(watcher::leave);
                    watcher.catchUp();
                }, BackPressureStrategy.ERROR)
                .onOverflow().buffer(config.buffer())
                .onItem().invoke(event -> created.get().taken())
                .onFailure(BackPressureFailure.class).recoverWithItem(failure -> new WatchEvent.Expired(-1,
                        "this watcher fell more than " + config.buffer() + " events behind; watch again from the "
                                + "resourceVersion of the last event received"));
    }

    private static Long parse(String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isEmpty()) {
            return null;
        }
        try {
            long version = Long.parseLong(resourceVersion);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("resourceVersion", "must be a resourceVersion this service answered "
                    + "(a non-negative integer)");
        }
    }

    /** Watchers on this instance (for tests and metrics). */
    public int watchers() {
        return feeds.watchers();
    }
}
