package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.persistence.ZoneClaims;
import dev.inference.gateway.persistence.ZoneClaims.Claim;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One worker identity (lease owner). Each {@link #pass()} claims as many due zones as it has free slots
 * ({@code rollout.concurrency}, at most {@code rollout.batch-size} a pass) and starts a step for each; a finished
 * step frees its slot. Level-triggered: the database says what is due, so a pass after a crash or a restart
 * picks up exactly what is left.
 */
public class RolloutWorker {
    private static final Logger LOG = Logger.getLogger(RolloutWorker.class);

    private final String owner;
    private final ZoneClaims claims;
    private final ZoneReconciler reconciler;
    private final RolloutConfig config;
    private final Runnable onStepDone;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean lastClaimWasFull;
    private volatile Instant lastPassAt = Instant.now();
    private volatile CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    public RolloutWorker(String owner, ZoneClaims claims, ZoneReconciler reconciler, RolloutConfig config,
            Runnable onStepDone) {
        this.owner = owner;
        this.claims = claims;
        this.reconciler = reconciler;
        this.config = config;
        this.onStepDone = onStepDone;
    }

    /** Claims due zones for the free slots and starts their steps; answers how many it claimed. */
    public Uni<Integer> pass() {
        if (stopping || !claiming.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        int free = Math.min(config.concurrency() - inFlight.get(), config.batchSize());
        if (free <= 0) {
            claiming.set(false);
            lastPassAt = Instant.now();
            return Uni.createFrom().item(0);
        }
        return claims.claim(owner, free, config.leaseDuration())
                .invoke(claimed -> {
                    lastClaimWasFull = claimed.size() == free;
                    claimed.forEach(this::start);
                })
                .map(List::size)
                .eventually(() -> {
                    claiming.set(false);
                    lastPassAt = Instant.now();
                });
    }

    private void start(Claim claim) {
        if (inFlight.getAndIncrement() == 0) {
            idle = new CompletableFuture<>();
        }
        reconciler.step(claim, owner).subscribe().with(
                result -> finished(),
                failure -> {
                    LOG.warnf("gateway %s zone %s generation %d: step failed (%s); the lease expires and the zone is "
                            + "retried", claim.gatewayId(), claim.zone(), claim.generation(), failure.toString());
                    finished();
                });
    }

    /**
     * A step ended. While work is queued (the last claim filled every free slot), the next pass starts once half
     * the slots are free, so claims come in batches rather than one row at a time.
     */
    private void finished() {
        int running = inFlight.decrementAndGet();
        if (running == 0) {
            idle.complete(null);
        }
        if (lastClaimWasFull && !stopping && running <= config.concurrency() / 2) {
            onStepDone.run();
        }
    }

    /** Stops claiming; completes when the steps in flight have finished. */
    public CompletableFuture<Void> stop() {
        stopping = true;
        return inFlight.get() == 0 ? CompletableFuture.completedFuture(null) : idle;
    }

    public String owner() {
        return owner;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** When the last pass completed, successfully or not: the loop's heartbeat. */
    public Instant lastPassAt() {
        return lastPassAt;
    }
}
