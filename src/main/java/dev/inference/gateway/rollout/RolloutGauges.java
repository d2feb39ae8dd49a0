package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.persistence.ZoneClaims;
import dev.inference.gateway.logging.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Gauges that need a count from the database (due zone work, gateways by status). They are sampled every
 * {@code rollout.gauge-interval} by one cheap query each, never on a scrape, so a scrape costs no query.
 */
@ApplicationScoped
public class RolloutGauges {
    private static final Logger LOG = Logger.getLogger(RolloutGauges.class);

    private final ZoneClaims claims;
    private final Vertx vertx;
    private final RolloutConfig config;
    private final AtomicLong due = new AtomicLong();
    private final Map<GatewayStatus, AtomicLong> byStatus = new EnumMap<>(GatewayStatus.class);
    private final Counter failedSamples;
    private final LogThrottle failureLog;
    private long timer = -1;

    RolloutGauges(ZoneClaims claims, Vertx vertx, RolloutConfig config, MeterRegistry registry) {
        this.claims = claims;
        this.vertx = vertx;
        this.config = config;
        this.failureLog = new LogThrottle(config.failureLogInterval());
        this.failedSamples = Counter.builder("rollout.gauge.samples.failed")
                .description("Samples of the queue-depth and gateways-by-status gauges that failed")
                .register(registry);
        Gauge.builder("rollout.queue.depth", due, AtomicLong::get)
                .description("Gateway x zone rows whose rollout work is due now")
                .register(registry);
        for (GatewayStatus status : GatewayStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("gateways", count, AtomicLong::get)
                    .description("Gateways by status (all organizations)")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(100, config.gaugeInterval().toMillis(), id -> sample());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * A failed sample keeps the last values (a gauge has no "unknown"), is counted in
     * {@code rollout_gauge_samples_failed_total} and logged at WARN at most once per {@code rollout.failure-log-interval}
     * with the count of the others; an unreachable database is readiness' business and is logged as such.
     */
    private void sample() {
        claims.dueCount().subscribe().with(due::set, this::sampleFailed);
        claims.countByStatus().subscribe().with(
                seen -> byStatus.forEach((status, count) -> count.set(seen.getOrDefault(status.name(), 0L))),
                this::sampleFailed);
    }

    private void sampleFailed(Throwable failure) {
        failedSamples.increment();
        failureLog.log(suppressed -> LOG.warnf("sampling the rollout gauges failed%s: %s",
                suppressed > 0 ? " (" + suppressed + " more since the last line)" : "", failure.toString()));
    }
}
