package dev.inference.gateway.rollout;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.persistence.PersistenceFailures;
import dev.inference.gateway.persistence.ZoneClaims;
import dev.inference.gateway.persistence.ZoneClaims.Claim;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One worker identity (lease owner). Each {@link #pass()} claims as many due zones as it has free slots
 * ({@code rollout.concurrency}, at most {@code rollout.batch-size} a pass) and starts one step per gateway for
 * the zones it claimed of it; a finished step frees their slots. Level-triggered: the database says what is due,
 * so a pass after a crash or a restart picks up exactly what is left.
 *
 * <p>It also keeps what liveness needs to know: when the worker last made progress (a step finished, or a pass
 * found nothing to do), and how many passes in a row have failed.
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
    private final AtomicInteger failedPasses = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean lastClaimWasFull;
    private volatile boolean passAgain;
    private final Clock clock;
    private volatile Instant progressAt;
    private volatile CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    public RolloutWorker(String owner, ZoneClaims claims, ZoneReconciler reconciler, RolloutConfig config,
            Clock clock, Runnable onStepDone) {
        this.owner = owner;
        this.clock = clock;
        this.progressAt = clock.instant();
        this.claims = claims;
        this.reconciler = reconciler;
        this.config = config;
        this.onStepDone = onStepDone;
    }

    /** Claims due zones for the free slots and starts their steps; answers how many it claimed. */
    public Uni<Integer> pass() {
        if (stopping) {
            return Uni.createFrom().item(0);
        }
        if (!claiming.compareAndSet(false, true)) {
            passAgain = true; // a wake-up during a claim: look again right after it, do not drop it
            return Uni.createFrom().item(0);
        }
        passAgain = false;
        int free = Math.min(config.concurrency() - inFlight.get(), config.batchSize());
        if (free <= 0) {
            claiming.set(false);
            return Uni.createFrom().item(0);
        }
        return claims.claim(owner, free, config.leaseDuration())
                .invoke(claimed -> {
                    failedPasses.set(0);
                    lastClaimWasFull = claimed.size() == free;
                    claimed.stream()
                            .collect(Collectors.groupingBy(Claim::gatewayId, LinkedHashMap::new, Collectors.toList()))
                            .values()
                            .forEach(this::start);
                })
                .call(claimed -> claimed.isEmpty() && inFlight.get() == 0
                        ? claims.anyDue().invoke(due -> {
                            if (!due) {
                                progressAt = clock.instant(); // nothing due and nothing running: idle is progress
                            }
                        })
                        : Uni.createFrom().voidItem())
                .onFailure().invoke(this::passFailed)
                .map(List::size)
                .eventually(() -> {
                    claiming.set(false);
                    if (passAgain && !stopping) {
                        onStepDone.run();
                    }
                });
    }

    /**
     * A database that cannot be reached is readiness' business (a restart would not bring it back), so it does not
     * count against liveness; any other failure of the claim means the loop itself is broken.
     */
    private void passFailed(Throwable failure) {
        if (PersistenceFailures.isUnavailable(failure)) {
            progressAt = clock.instant();
        } else {
            failedPasses.incrementAndGet();
        }
    }

    /** Starts one step for the claimed zones of one gateway; they hold one slot each until it ends. */
    private void start(List<Claim> zonesOfOneGateway) {
        int slots = zonesOfOneGateway.size();
        if (inFlight.getAndAdd(slots) == 0) {
            idle = new CompletableFuture<>();
        }
        reconciler.step(zonesOfOneGateway, owner).subscribe().with(
                results -> finished(slots, true),
                failure -> {
                    Claim first = zonesOfOneGateway.get(0);
                    LOG.warnf("gateway %s generation %d: step over %d zones failed (%s); the leases expire and the "
                            + "zones are retried", first.gatewayId(), first.generation(), slots, failure.toString());
                    finished(slots, false);
                });
    }

    /**
     * A step ended; if its outcome was recorded, the worker made progress. While work is queued (the last claim
     * filled every free slot), the next pass starts once half the slots are free, so claims come in batches rather
     * than one row at a time.
     */
    private void finished(int slots, boolean recorded) {
        if (recorded) {
            progressAt = clock.instant();
        }
        int running = inFlight.addAndGet(-slots);
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

    /** When the worker last made progress: a step's outcome was recorded, or nothing was due and nothing running. */
    public Instant progressAt() {
        return progressAt;
    }

    /** Passes in a row whose claim failed for another reason than an unreachable database (0 after one that worked). */
    public int failedPasses() {
        return failedPasses.get();
    }
}
