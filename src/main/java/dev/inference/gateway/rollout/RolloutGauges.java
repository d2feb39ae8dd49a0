package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.persistence.ZoneClaims;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
    private static final String BY_STATUS = "SELECT status, count(*) FROM gateway GROUP BY status";

    private final ZoneClaims claims;
    private final Pool pool;
    private final Vertx vertx;
    private final RolloutConfig config;
    private final AtomicLong due = new AtomicLong();
    private final Map<GatewayStatus, AtomicLong> byStatus = new EnumMap<>(GatewayStatus.class);
    private long timer = -1;

    RolloutGauges(ZoneClaims claims, Pool pool, Vertx vertx, RolloutConfig config, MeterRegistry registry) {
        this.claims = claims;
        this.pool = pool;
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
        pool.query(BY_STATUS).execute().subscribe().with(rows -> {
            Map<GatewayStatus, Long> seen = new EnumMap<>(GatewayStatus.class);
            for (Row row : rows) {
                seen.put(GatewayStatus.valueOf(row.getString(0)), row.getLong(1));
            }
            byStatus.forEach((status, count) -> count.set(seen.getOrDefault(status, 0L)));
        }, failure -> {
        });
    }
}
