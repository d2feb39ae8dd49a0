package dev.inference.gateway.support;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.persistence.ZoneClaims;
import dev.inference.gateway.rollout.RolloutWorker;
import dev.inference.gateway.rollout.ZoneReconciler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second rollout worker on the same database, as a second instance of the service would run one: a loop of
 * passes on a thread of its own until {@link #close()}, which waits for its steps in flight.
 */
public final class SecondWorker implements AutoCloseable {
    /** Between two passes: an instance runs one per poll interval (RolloutLoop). */
    private static final long PAUSE_MILLIS = 10;

    private final RolloutWorker worker;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread loop;

    public SecondWorker(String owner, ZoneClaims claims, ZoneReconciler reconciler, RolloutConfig config) {
        this.worker = new RolloutWorker(owner, claims, reconciler, config, java.time.Clock.systemUTC(), () -> {
        });
        this.loop = new Thread(this::run, owner);
        loop.start();
    }

    private void run() {
        while (running.get()) {
            // a pass is one claim query (milliseconds; the pool's statement_timeout is 10 s): a hang guard
            claimed.addAndGet(worker.pass().await().atMost(Duration.ofSeconds(10)));
            try {
                Thread.sleep(PAUSE_MILLIS); // the pause between passes is the point: nothing to wait for
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** How many zones this worker claimed so far. */
    public int claimed() {
        return claimed.get();
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        loop.join(15_000);
        worker.stop().get();
    }
}
