package dev.inference.gateway.service.quota;

import dev.inference.gateway.domain.QuotaExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The request rate of each organization on this replica: a token bucket per organization, in memory, taken before
 * any database work. An organization's bucket is its own, so one at its limit never slows another; buckets of
 * organizations that went quiet are dropped once there are many.
 */
@ApplicationScoped
public class RequestRate {
    private static final int SWEEP_ABOVE = 10_000;

    private final QuotaLimits limits;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    RequestRate(QuotaLimits limits) {
        this(limits, System::nanoTime);
    }

    RequestRate(QuotaLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for one request of the organization, or fails with 429 saying when one will be there. */
    public void admit(String organizationId) {
        QuotaLimits.Rate rate = limits.rate(organizationId);
        if (rate.off()) {
            return;
        }
        if (buckets.size() > SWEEP_ABOVE) {
            long now = nanoTime.getAsLong();
            buckets.values().removeIf(bucket -> bucket.idleSince(now) > 60_000_000_000L);
        }
        Bucket bucket = buckets.computeIfAbsent(organizationId, org -> new Bucket(rate, nanoTime.getAsLong()));
        long waitNanos = bucket.take(rate, nanoTime.getAsLong());
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new QuotaExceededException(organizationId, "more than " + format(rate.perSecond())
                    + " requests per second (bursts of " + rate.burst() + ") from this organization",
                    Duration.ofSeconds(seconds));
        }
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(QuotaLimits.Rate rate, long now) {
            this.tokens = rate.burst();
            this.refilledAt = now;
        }

        /** Takes a token: 0 if there was one, else the nanoseconds until there will be. */
        synchronized long take(QuotaLimits.Rate rate, long now) {
            tokens = Math.min(rate.burst(), tokens + (now - refilledAt) / 1e9 * rate.perSecond());
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / rate.perSecond() * 1e9);
        }

        synchronized long idleSince(long now) {
            return now - refilledAt;
        }
    }
}
