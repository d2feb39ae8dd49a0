package dev.inference.gateway.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Lets a repeating log line through at most once per interval and counts what it held back, so that an outage
 * or a broken loop logs a handful of lines that say how often it happened, not a flood.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public LogThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Calls {@code log} with the number of occurrences held back since the last line, if the interval has passed;
     * otherwise counts this occurrence.
     */
    public void log(LongConsumer log) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed == Long.MIN_VALUE || now - allowed >= 0) && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            log.accept(suppressed.getAndSet(0));
        } else {
            suppressed.incrementAndGet();
        }
    }
}
