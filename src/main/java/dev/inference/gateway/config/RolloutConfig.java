package dev.inference.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the zone rollout workers ({@code rollout.*}). */
@ConfigMapping(prefix = "rollout")
public interface RolloutConfig {

    /** Whether this instance runs rollout workers at all. */
    @WithDefault("true")
    boolean enabled();

    /** Pause between passes when the previous pass found nothing due (the safety net beside the signals). */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Claim at once when the database signals that zone work was committed (LISTEN/NOTIFY), not at the next poll. */
    @WithDefault("true")
    boolean wakeOnSignal();

    /** Pause before a zone that has not converged yet (its cluster still programming it) is looked at again. */
    @WithDefault("1s")
    Duration pendingInterval();

    /** Most zones one pass claims. */
    @WithDefault("64")
    int batchSize();

    /**
     * Most zone steps in flight at once on this instance. A step mostly waits for its zone (a driver call takes
     * seconds against a real cluster) and holds no thread and no database connection meanwhile, so this can be
     * far above the number of cores: it bounds how many zones converge at once.
     */
    @WithDefault("128")
    int concurrency();

    /** How long a claim is held; a lease left by a dead instance is taken over after it expires. */
    @WithDefault("30s")
    Duration leaseDuration();

    /**
     * Longest a zone's driver call may take before it counts as a retryable failure. With the time to record the
     * outcome ({@code gateway.database.transaction-timeout}) it must stay below the lease duration.
     */
    @WithDefault("15s")
    Duration stepTimeout();

    /** Longest shutdown waits for steps in flight before it releases their leases. */
    @WithDefault("5s")
    Duration shutdownGrace();

    /**
     * Liveness reports DOWN when work is running or due and no zone step has finished for this long (a step that
     * hangs, a loop that stopped).
     */
    @WithDefault("60s")
    Duration livenessStall();

    /** Liveness reports DOWN after this many rollout passes in a row failed (other than for an unreachable database). */
    @WithDefault("5")
    int livenessFailedPasses();

    /** A failing pass is logged at WARN at most once per this interval (with the count of the others). */
    @WithDefault("30s")
    Duration failureLogInterval();

    /** How often the queue-depth and gateways-by-status gauges are sampled from the database. */
    @WithDefault("10s")
    Duration gaugeInterval();

    /**
     * The zone driver: {@code kubernetes} (every zone a cluster, see rollout.kubernetes.*) or {@code simulated} (in
     * memory). No default in production, so that no instance simulates its zones by accident; dev mode and tests
     * default to {@code simulated} (application.properties).
     */
    Optional<String> driver();

    Retry retry();

    Simulated simulated();

    interface Retry {
        /** Back-off before the second attempt. */
        @WithDefault("1s")
        Duration initial();

        /** Longest back-off. */
        @WithDefault("60s")
        Duration max();

        /** Attempts per zone and generation before the rollout of that zone fails for good. */
        @WithDefault("8")
        int maxAttempts();
    }

    interface Simulated {
        /** Time one zone takes to converge. */
        @WithDefault("1s")
        Duration latency();

        /** Uniform random extra time added to the latency, up to this much. */
        @WithDefault("250ms")
        Duration jitter();

        /** Probability in [0, 1] that an apply fails with a retryable error. */
        @WithDefault("0")
        double failureProbability();

        /** Zones whose applies always fail (retryable), to show errors and FAILED. */
        Optional<List<String>> failingZones();

        /**
         * Zones that refuse a marker, as a real zone refuses a configuration its gateway implementation rejects:
         * {@code <ZONE>=<marker>} entries; an apply whose spec carries the marker (case-insensitively, in its name,
         * its routing header name or an additional DNS name) fails for good in that zone. For trying failures and
         * rollbacks in dev mode.
         */
        Optional<List<String>> refusals();

        /** Optional file that receives one line per apply ({@code apply <gateway> <zone> <generation>}). */
        Optional<String> journal();
    }
}
