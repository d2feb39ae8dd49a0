package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.persistence.ZoneClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Drives this instance's rollout worker: a pass every {@code rollout.poll-interval}, and another as soon as a
 * step finishes while work is queued. On shutdown it stops claiming, lets the steps in flight finish for up to
 * {@code rollout.shutdown-grace}, and releases its leases so other replicas take over at once.
 */
@ApplicationScoped
public class RolloutLoop {
    private static final Logger LOG = Logger.getLogger(RolloutLoop.class);

    private final RolloutConfig config;
    private final ZoneClaims claims;
    private final Vertx vertx;
    private final RolloutWorker worker;
    private long timer = -1;

    RolloutLoop(RolloutConfig config, ZoneClaims claims, ZoneReconciler reconciler, Vertx vertx) {
        this.config = config;
        this.claims = claims;
        this.vertx = vertx;
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("local");
        String owner = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.worker = new RolloutWorker(owner, claims, reconciler, config, this::tickSoon);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Rollout workers are disabled on this instance (rollout.enabled=false)");
            return;
        }
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> tick());
        LOG.infof("Rollout worker %s started: poll every %s, %d zones at once", worker.owner(), config.pollInterval(),
                config.concurrency());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer < 0) {
            return;
        }
        vertx.cancelTimer(timer);
        try {
            worker.stop().get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("%d zone steps still running after %s; releasing their leases", worker.inFlight(),
                    config.shutdownGrace());
        } catch (Exception e) {
            LOG.warnf("waiting for zone steps failed: %s", e.toString());
        }
        try {
            Integer released = claims.releaseAll(worker.owner()).subscribeAsCompletionStage()
                    .get(2, TimeUnit.SECONDS);
            LOG.infof("Rollout worker %s stopped; released %d leases", worker.owner(), released);
        } catch (Exception e) {
            LOG.warnf("could not release leases of %s (they expire after %s): %s", worker.owner(),
                    config.leaseDuration(), e.toString());
        }
    }

    private void tickSoon() {
        vertx.runOnContext(ignored -> tick());
    }

    private void tick() {
        worker.pass().subscribe().with(
                claimed -> {
                },
                failure -> LOG.debugf("rollout pass failed: %s", failure.toString()));
    }

    /** When the loop last completed a pass. */
    public Instant lastPassAt() {
        return worker.lastPassAt();
    }

    public boolean enabled() {
        return config.enabled();
    }
}
