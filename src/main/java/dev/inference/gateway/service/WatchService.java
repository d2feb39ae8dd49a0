package dev.inference.gateway.service;

import dev.inference.gateway.config.WatchConfig;
import dev.inference.gateway.domain.HistoryExpiredException;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.logging.LogThrottle;
import dev.inference.gateway.persistence.ChangeSignals;
import dev.inference.gateway.persistence.GatewayEvents;
import dev.inference.gateway.persistence.GatewayEvents.Event;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Watch: each stream gets the changes of its organization after a version, in commit order, from the history the
 * database keeps (migration V7). Per organization and instance one feed reads new events once and hands them to
 * every watcher of that organization; it reads when the database signals a commit (LISTEN/NOTIFY) and, as a
 * safety net, every {@code watch.poll}. A watcher that starts behind the feed catches up from the history on its
 * own, then joins it. Every watcher has a bounded buffer: one that falls further behind is ended with an
 * {@link WatchEvent.Expired} event and can resume from its last version.
 */
@ApplicationScoped
public class WatchService {
    private static final Logger LOG = Logger.getLogger(WatchService.class);

    private final GatewayEvents events;
    private final ChangeSignals signals;
    private final WatchConfig config;
    private final Vertx vertx;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final LogThrottle failureLog = new LogThrottle(Duration.ofSeconds(30));
    private long pruneTimer = -1;

    WatchService(GatewayEvents events, ChangeSignals signals, WatchConfig config, Vertx vertx) {
        this.events = events;
        this.signals = signals;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        signals.onGatewayEvent((organization, version) -> {
            Feed feed = feeds.get(organization);
            if (feed != null) {
                feed.wake();
            }
        });
        signals.onReconnect(() -> feeds.values().forEach(Feed::wake));
        pruneTimer = vertx.setPeriodic(config.pruneInterval().toMillis(), id -> prune());
    }

    void stop(@Observes ShutdownEvent event) {
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
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
                    Watcher watcher = new Watcher(organizationId, start, emitter);
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

    private void prune() {
        events.prune(config.retention()).subscribe().with(
                dropped -> {
                    if (dropped > 0) {
                        LOG.debugf("pruned %d events older than %s from the change history", dropped,
                                config.retention());
                    }
                },
                failure -> failureLog.log(suppressed -> LOG.warnf("pruning the change history failed: %s",
                        failure.toString())));
    }

    /** One stream: its position, and where its events go. */
    private final class Watcher {
        final String organizationId;
        final MultiEmitter<? super WatchEvent> emitter;
        final long heartbeat;
        /** The version of the last event handed to the stream. */
        long position;
        Feed feed;
        /** Events handed to the stream that its reader has not taken yet (they wait in the bounded buffer). */
        final AtomicInteger waiting = new AtomicInteger();
        /** The rest of a catch-up, held until the reader has taken enough of what it was given. */
        final AtomicReference<Runnable> paused = new AtomicReference<>();
        /** Whether the last read of the history reached its end. */
        volatile boolean caughtUp;

        Watcher(String organizationId, long start, MultiEmitter<? super WatchEvent> emitter) {
            this.organizationId = organizationId;
            this.position = start;
            this.emitter = emitter;
            this.heartbeat = vertx.setPeriodic(config.heartbeat().toMillis(), id -> bookmark());
        }

        /** Joins the organization's feed, reading the history first as long as the feed is ahead. */
        void catchUp() {
            while (!emitter.isCancelled()) {
                // Without a feed to join, this watcher reads the history up to its end before it starts one (a feed
                // started at an old version would hand it the whole history at the database's pace).
                Feed f = !caughtUp && !feeds.containsKey(organizationId) ? null
                        : feeds.computeIfAbsent(organizationId, org -> new Feed(org, position));
                switch (f == null ? Joined.BEHIND : f.join(this)) {
                    case JOINED -> {
                        f.wake();
                        return;
                    }
                    case BEHIND -> {
                        // Reading the history goes at the reader's pace: never more than the buffer has room for,
                        // and the next read only once the reader has taken half of it (a reader slower than the
                        // database would otherwise be ended for falling behind while it catches up).
                        int asked = Math.max(1, Math.min(config.batch(), config.buffer() - waiting.get()));
                        events.after(organizationId, position, asked).subscribe().with(batch -> {
                            if (!batch.isEmpty() && batch.get(0).resourceVersion() > position + 1) {
                                expire(); // the versions between were pruned while this watcher caught up
                                return;
                            }
                            batch.forEach(this::deliver);
                            caughtUp = batch.size() < asked;
                            whenTaken(this::catchUp);
                        }, emitter::fail);
                        return;
                    }
                    case CLOSED -> {
                        // that feed was just closed: take (or make) the current one
                    }
                }
            }
        }

        /** Runs {@code next} once the reader has at most half a buffer of events waiting. */
        void whenTaken(Runnable next) {
            paused.set(next);
            resumeIfTaken(); // the reader may have taken everything before the pause was set
        }

        /** The reader took an event from the buffer. */
        void taken() {
            waiting.decrementAndGet();
            resumeIfTaken();
        }

        private void resumeIfTaken() {
            if (waiting.get() <= config.buffer() / 2) {
                Runnable next = paused.getAndSet(null);
                if (next != null) {
                    next.run();
                }
            }
        }

        private void emit(WatchEvent event) {
            waiting.incrementAndGet();
            emitter.emit(event);
        }

        /** Hands a change to the stream if it is past the position (it may come from both the history and the feed). */
        synchronized void deliver(Event event) {
            if (event.resourceVersion() > position) {
                deliver(new WatchEvent.Change(event.type(), event.resourceVersion(), event.gateway()));
            }
        }

        synchronized void deliver(WatchEvent.Change change) {
            if (change.resourceVersion() > position) {
                position = change.resourceVersion();
                emit(change);
            }
        }

        synchronized void bookmark() {
            emit(new WatchEvent.Bookmark(position));
        }

        synchronized void expire() {
            emitter.emit(new WatchEvent.Expired(position, "the history after resourceVersion " + position
                    + " is no longer kept; list again, then watch from the list's resourceVersion"));
            emitter.complete();
        }

        void leave() {
            vertx.cancelTimer(heartbeat);
            Feed f = feed;
            if (f != null) {
                f.leave(this);
            }
        }
    }

    private enum Joined { JOINED, BEHIND, CLOSED }

    /**
     * An organization's live changes on this instance: read once, handed to every watcher at the head. Reads are
     * never concurrent: a signal during a read makes the feed read again right after.
     */
    private final class Feed {
        final String organizationId;
        final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
        long head;
        boolean reading;
        boolean again;
        boolean closed;
        long timer = -1;

        Feed(String organizationId, long head) {
            this.organizationId = organizationId;
            this.head = head;
        }

        /** A watcher at (or past) the head joins; one behind it must read the history first. */
        synchronized Joined join(Watcher watcher) {
            if (closed) {
                return Joined.CLOSED;
            }
            if (watcher.position < head) {
                return Joined.BEHIND;
            }
            watcher.feed = this;
            watchers.add(watcher);
            if (timer < 0) {
                timer = vertx.setPeriodic(config.poll().toMillis(), id -> wake());
            }
            return Joined.JOINED;
        }

        synchronized void leave(Watcher watcher) {
            watchers.remove(watcher);
            if (watchers.isEmpty()) {
                closed = true;
                feeds.remove(organizationId, this);
                vertx.cancelTimer(timer);
            }
        }

        void wake() {
            synchronized (this) {
                if (reading) {
                    again = true;
                    return;
                }
                reading = true;
                again = false;
            }
            read();
        }

        private void read() {
            long from;
            synchronized (this) {
                from = head;
            }
            events.after(organizationId, from, config.batch()).subscribe().with(batch -> {
                for (Event event : batch) {
                    WatchEvent.Change change = new WatchEvent.Change(event.type(), event.resourceVersion(),
                            event.gateway());
                    watchers.forEach(watcher -> watcher.deliver(change));
                }
                boolean more;
                synchronized (this) {
                    if (!batch.isEmpty()) {
                        head = batch.get(batch.size() - 1).resourceVersion();
                    }
                    more = again || batch.size() == config.batch();
                    again = false;
                    reading = more;
                }
                if (more) {
                    read();
                }
            }, failure -> {
                synchronized (this) {
                    reading = false;
                }
                failureLog.log(suppressed -> LOG.warnf("reading the change history of %s failed: %s",
                        organizationId, failure.toString()));
            });
        }
    }

    /** Watchers on this instance (for tests and metrics). */
    public int watchers() {
        return feeds.values().stream().mapToInt(feed -> feed.watchers.size()).sum();
    }
}
