package dev.inference.gateway.service.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inference.gateway.config.WatchConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats are for idle streams. A watcher catching up fills its reader's buffer to the brim (it reads the history
 * at the reader's pace, up to the buffer's size); a bookmark added then would overflow the buffer and end a reader
 * that only reads slowly (seen once in CI as WatchTest's lagging reader ended with an ERROR).
 */
class WatcherHeartbeatTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(20);
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void noBookmarkWhileEventsWaitForTheReaderAndOneOnceTheyAreTaken() throws Exception {
        AtomicReference<MultiEmitter<? super WatchEvent>> emitter = new AtomicReference<>();
        AssertSubscriber<WatchEvent> reader = Multi.createFrom().<WatchEvent>emitter(emitter::set,
                BackPressureStrategy.BUFFER).subscribe().withSubscriber(AssertSubscriber.create(0));
        Watcher watcher = new Watcher(new Feeds(null, config(), vertx), "acme", 0, emitter.get());
        try {
            watcher.deliver(new WatchEvent.Change("ADDED", 1, null));
            watcher.deliver(new WatchEvent.Change("MODIFIED", 2, null));
            Thread.sleep(HEARTBEAT.toMillis() * 10); // ten heartbeats while two events wait for the reader

            reader.request(100);
            List<WatchEvent> items = reader.getItems();
            assertThat(items).as("only the waiting events: no bookmark while they waited").hasSize(2)
                    .allMatch(event -> event instanceof WatchEvent.Change);

            watcher.taken(); // the reader took both (the stream's buffer reports each one it hands on)
            watcher.taken();
            reader.awaitItems(3, Duration.ofSeconds(5)); // heartbeats of 20 ms; 5 s bounds a hang only
            assertThat(reader.getItems().get(2)).isEqualTo(new WatchEvent.Bookmark(2));
        } finally {
            watcher.leave();
        }
    }

    private static WatchConfig config() {
        return new WatchConfig() {
            @Override
            public Duration retention() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration pruneInterval() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration heartbeat() {
                return HEARTBEAT;
            }

            @Override
            public int buffer() {
                return 100;
            }

            @Override
            public Duration poll() {
                return Duration.ofSeconds(2);
            }

            @Override
            public int batch() {
                return 500;
            }
        };
    }
}
