package dev.inference.gateway.service.watch;

import dev.inference.gateway.persistence.GatewayEvents.Event;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One stream: its position, and where its events go. It reads the history at its reader's pace until it reaches
 * the organization's feed, then takes the feed's changes; a heartbeat marks its position while nothing happens.
 */
final class Watcher {
    private final Feeds feeds;
    private final String organizationId;
    private final MultiEmitter<? super WatchEvent> emitter;
    private final long heartbeat;
    /** The version of the last event handed to the stream. */
    private volatile long position;
    private volatile Feed feed;
    /** Events handed to the stream that its reader has not taken yet (they wait in the bounded buffer). */
    private final AtomicInteger waiting = new AtomicInteger();
    /** The rest of a catch-up, held until the reader has taken enough of what it was given. */
    private final AtomicReference<Runnable> paused = new AtomicReference<>();
    /** Whether the last read of the history reached its end. */
    private volatile boolean caughtUp;

    Watcher(Feeds feeds, String organizationId, long start, MultiEmitter<? super WatchEvent> emitter) {
        this.feeds = feeds;
        this.organizationId = organizationId;
        this.position = start;
        this.emitter = emitter;
        this.heartbeat = feeds.vertx.setPeriodic(feeds.config.heartbeat().toMillis(), id -> bookmark());
    }

    long position() {
        return position;
    }

    void joined(Feed feed) {
        this.feed = feed;
    }

    /** Joins the organization's feed, reading the history first as long as the feed is ahead. */
    void catchUp() {
        while (!emitter.isCancelled()) {
            // Without a feed to join, this watcher reads the history up to its end before it starts one (a feed
            // started at an old version would hand it the whole history at the database's pace).
            Feed f = !caughtUp && !feeds.has(organizationId) ? null : feeds.of(organizationId, position());
            switch (f == null ? Feed.Joined.BEHIND : f.join(this)) {
                case JOINED -> {
                    f.wake();
                    return;
                }
                case BEHIND -> {
                    readHistory();
                    return;
                }
                case CLOSED -> {
                    // that feed was just closed: take (or make) the current one
                }
            }
        }
    }

    /**
     * Reading the history goes at the reader's pace: never more than the buffer has room for, and the next read only
     * once the reader has taken half of it (a reader slower than the database would otherwise be ended for falling
     * behind while it catches up).
     */
    private void readHistory() {
        int asked = Math.max(1, Math.min(feeds.config.batch(), feeds.config.buffer() - waiting.get()));
        long from = position();
        feeds.events.after(organizationId, from, asked).subscribe().with(batch -> {
            if (!batch.isEmpty() && batch.get(0).resourceVersion() > from + 1) {
                expire(); // the versions between were pruned while this watcher caught up
                return;
            }
            batch.forEach(this::deliver);
            caughtUp = batch.size() < asked;
            whenTaken(this::catchUp);
        }, emitter::fail);
    }

    /** Runs {@code next} once the reader has at most half a buffer of events waiting. */
    private void whenTaken(Runnable next) {
        paused.set(next);
        resumeIfTaken(); // the reader may have taken everything before the pause was set
    }

    /** The reader took an event from the buffer. */
    void taken() {
        waiting.decrementAndGet();
        resumeIfTaken();
    }

    private void resumeIfTaken() {
        if (waiting.get() <= feeds.config.buffer() / 2) {
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

    /**
     * A heartbeat, for an idle stream only: with events waiting for the reader the stream is not idle, and a bookmark
     * added to a buffer that a catch-up filled to the brim would overflow it and end a reader that only reads slowly.
     */
    private synchronized void bookmark() {
        if (waiting.get() == 0) {
            emit(new WatchEvent.Bookmark(position));
        }
    }

    private synchronized void expire() {
        emitter.emit(new WatchEvent.Expired(position, "the history after resourceVersion " + position
                + " is no longer kept; list again, then watch from the list's resourceVersion"));
        emitter.complete();
    }

    void leave() {
        feeds.vertx.cancelTimer(heartbeat);
        Feed f = feed;
        if (f != null) {
            f.leave(this);
        }
    }
}
