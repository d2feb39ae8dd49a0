package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.logging.LogThrottle;
import dev.inference.gateway.persistence.ChangeSignals;
import dev.inference.gateway.persistence.ZoneClaims;
import dev.inference.gateway.rollout.policy.RolloutChecks;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Drives this instance's rollout worker: a pass as soon as the database signals new work (on every replica; the
 * claim decides which takes it), another as soon as a step finishes while work is queued, and one every
 * {@code rollout.poll-interval} as the safety net. A failing pass is logged at WARN (at most once per
 * {@code rollout.failure-log-interval}) and counted. On shutdown it stops claiming as soon as shutdown begins,
 * lets the steps in flight finish for up to {@code rollout.shutdown-grace}, and releases its leases so other
 * replicas take over at once.
 */
@ApplicationScoped
public class RolloutLoop {
    private static final Logger LOG = Logger.getLogger(RolloutLoop.class);

    private final RolloutConfig config;
    private final ZoneClaims claims;
    private final Vertx vertx;
    private final RolloutMetrics metrics;
    private final RolloutWorker worker;
    private final LogThrottle failureLog;
    private final RolloutChecks checks;
    private long timer = -1;

    RolloutLoop(RolloutConfig config, ZoneClaims claims, ZoneReconciler reconciler, RolloutMetrics metrics,
            ChangeSignals signals, Vertx vertx, Clock clock, RolloutChecks checks) {
        this.checks = checks;
        this.config = config;
        this.claims = claims;
        this.vertx = vertx;
        this.metrics = metrics;
        this.failureLog = new LogThrottle(config.failureLogInterval());
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("local");
        String owner = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.worker = new RolloutWorker(owner, claims, reconciler, config, clock, this::tickSoon);
        if (config.wakeOnSignal()) {
            signals.onRolloutWork(this::tickSoon); // work committed anywhere: claim now, not at the next poll
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Rollout workers are disabled on this instance (rollout.enabled=false)");
            return;
        }
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> poll());
        LOG.infof("Rollout worker %s started: poll every %s, %d zones at once", worker.owner(), config.pollInterval(),
                config.concurrency());
    }

    /** Shutdown has begun (the HTTP server drains meanwhile): claim nothing more. */
    void stopClaiming(@Observes ShutdownDelayInitiatedEvent event) {
        worker.stop();
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
        if (timer >= 0) {
            vertx.runOnContext(ignored -> tick());
        }
    }

    private void tick() {
        worker.pass().subscribe().with(claimed -> {
        }, this::passFailed);
    }

    /** The poll: a pass of the worker, and the rollouts whose bake ended or whose deadline passed. */
    private void poll() {
        tick();
        checks.pass().subscribe().with(looked -> {
        }, this::passFailed);
    }

    private void passFailed(Throwable failure) {
        metrics.passFailed();
        failureLog.log(suppressed -> LOG.warnf("rollout pass failed (%d passes in a row%s): %s",
                worker.failedPasses(), suppressed > 0 ? ", " + suppressed + " more not logged" : "",
                failure.toString()));
    }

    /** How the loop is doing, for liveness. */
    public record Health(boolean enabled, Instant progressAt, int inFlight, int failedPasses) {
    }

    public Health health() {
        return new Health(config.enabled(), worker.progressAt(), worker.inFlight(), worker.failedPasses());
    }
}
