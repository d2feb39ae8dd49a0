package dev.inference.gateway.service.watch;

import dev.inference.gateway.config.WatchConfig;
import dev.inference.gateway.logging.LogThrottle;
import dev.inference.gateway.persistence.GatewayEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps the change history to {@code watch.retention}: every {@code watch.prune-interval} it drops what is older
 * (every instance does; the statement is idempotent). A watch from a version pruned away answers 410.
 */
@ApplicationScoped
public class HistoryPruner {
    private static final Logger LOG = Logger.getLogger(HistoryPruner.class);

    private final GatewayEvents events;
    private final WatchConfig config;
    private final Vertx vertx;
    private final LogThrottle failureLog = new LogThrottle(Duration.ofSeconds(30));
    private long timer = -1;

    HistoryPruner(GatewayEvents events, WatchConfig config, Vertx vertx) {
        this.events = events;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.pruneInterval().toMillis(), id -> prune());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
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
}
