package dev.inference.gateway.service;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.TooManyListsException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the unpaged lists running at once on this instance ({@code gateway.lists.max-unpaged}), so that a few huge
 * lists cannot take every connection and the event loops from the rest of the API. A list beyond the bound tries
 * again every few milliseconds for up to {@code gateway.lists.queue-wait}, then fails with
 * {@link TooManyListsException} (429). A slot is only ever taken by a successful compare-and-set and given back
 * once, so none can leak, whatever the timing of a client that goes away.
 */
@ApplicationScoped
public class ListSlots {
    private static final Duration RETRY = Duration.ofMillis(20);

    /** A held slot; releasing it more than once releases it once. */
    public interface Slot {
        void release();
    }

    private final int max;
    private final Duration queueWait;
    private final AtomicInteger taken = new AtomicInteger();

    ListSlots(GatewayConfig config) {
        this.max = config.lists().maxUnpaged();
        this.queueWait = config.lists().queueWait();
    }

    public Uni<Slot> acquire() {
        return Uni.createFrom().item(this::tryTake)
                .onFailure(NoSlot.class).retry().withBackOff(RETRY, RETRY).expireIn(queueWait.toMillis())
                // tryTake fails only for want of a slot; the retry ends with its own "retries exhausted" failure
                .onFailure().transform(e -> new TooManyListsException(max));
    }

    private Slot tryTake() {
        int now = taken.get();
        while (now < max) {
            if (taken.compareAndSet(now, now + 1)) {
                AtomicBoolean released = new AtomicBoolean();
                return () -> {
                    if (released.compareAndSet(false, true)) {
                        taken.decrementAndGet();
                    }
                };
            }
            now = taken.get();
        }
        throw new NoSlot();
    }

    /** Running unpaged lists, for tests and metrics. */
    public int taken() {
        return taken.get();
    }

    private static final class NoSlot extends RuntimeException {
        NoSlot() {
            super(null, null, false, false);
        }
    }
}
