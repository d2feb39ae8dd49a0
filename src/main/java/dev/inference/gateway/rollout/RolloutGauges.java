package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.persistence.ZoneClaims;
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

/**
 * Gauges that need a count from the database (due zone work, gateways by status). They are sampled every
 * {@code rollout.gauge-interval} by one cheap query each, never on a scrape, so a scrape costs no query.
 */
@ApplicationScoped
public class RolloutGauges {
    private final ZoneClaims claims;
    private final Vertx vertx;
    private final RolloutConfig config;
    private final AtomicLong due = new AtomicLong();
    private final Map<GatewayStatus, AtomicLong> byStatus = new EnumMap<>(GatewayStatus.class);
    private long timer = -1;

    RolloutGauges(ZoneClaims claims, Vertx vertx, RolloutConfig config, MeterRegistry registry) {
        this.claims = claims;
        this.vertx = vertx;
        this.config = config;
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

    private void sample() {
        claims.dueCount().subscribe().with(due::set, failure -> {
        });
        claims.countByStatus().subscribe().with(
                seen -> byStatus.forEach((status, count) -> count.set(seen.getOrDefault(status.name(), 0L))),
                failure -> {
                });
    }
}
