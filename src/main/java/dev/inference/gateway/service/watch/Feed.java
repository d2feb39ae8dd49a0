package dev.inference.gateway.service.watch;

import dev.inference.gateway.persistence.GatewayEvents.Event;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * An organization's live changes on this instance: read once, handed to every watcher at the head. Reads are never
 * concurrent: a signal during a read makes the feed read again right after.
 */
final class Feed {
    private static final Logger LOG = Logger.getLogger(Feed.class);

    /** How a watcher's attempt to join went. */
    enum Joined { JOINED, BEHIND, CLOSED }

    final String organizationId;
    private final Feeds feeds;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private long head;
    private boolean reading;
    private boolean again;
    private boolean closed;
    private long timer = -1;

    Feed(Feeds feeds, String organizationId, long head) {
        this.feeds = feeds;
        this.organizationId = organizationId;
        this.head = head;
    }

    /** A watcher at (or past) the head joins; one behind it must read the history first. */
    synchronized Joined join(Watcher watcher) {
        if (closed) {
            return Joined.CLOSED;
        }
        if (watcher.position() < head) {
            return Joined.BEHIND;
        }
        watcher.joined(this);
        watchers.add(watcher);
        if (timer < 0) {
            timer = feeds.vertx.setPeriodic(feeds.config.poll().toMillis(), id -> wake());
        }
        return Joined.JOINED;
    }

    synchronized void leave(Watcher watcher) {
        watchers.remove(watcher);
        if (watchers.isEmpty()) {
            closed = true;
            feeds.closed(this);
            feeds.vertx.cancelTimer(timer);
        }
    }

    int watchers() {
        return watchers.size();
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
        int batchSize = feeds.config.batch();
        feeds.events.after(organizationId, from, batchSize).subscribe().with(batch -> {
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
                more = again || batch.size() == batchSize;
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
            feeds.failureLog.log(suppressed -> LOG.warnf("reading the change history of %s failed: %s",
                    organizationId, failure.toString()));
        });
    }
}
