package dev.inference.gateway.rollout;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.StatusRollup;
import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewayStatusWriter;
import dev.inference.gateway.persistence.ZoneClaims.Claim;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.persistence.ZoneRepository;
import dev.inference.gateway.rollout.policy.RolloutEngine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Performs one idempotent step for one claimed gateway x zone: read the desired spec, ask the driver to apply
 * (or tear down) and whether the zone converged, then record the outcome and the gateway's new status in one
 * transaction under the gateway's row lock. The outcome is recorded only if this worker still holds the lease
 * and the zone still wants the generation it was claimed for, so an older result never overwrites a newer spec.
 */
@ApplicationScoped
public class ZoneReconciler {
    private static final Logger LOG = Logger.getLogger(ZoneReconciler.class);

    /** What the driver said. */
    record Outcome(StepResult result, String error, boolean retryable, ZoneObservation observation) {
        static final Outcome DONE = new Outcome(StepResult.CONVERGED, null, false, null);
        /**
         * No spec for a zone that should serve one: the gateway is gone, or the claim read the zone's new target
         * revision (its row locked after the change committed) in a snapshot taken before that revision was stored
         * (READ COMMITTED). Nothing is recorded; the zone stays due and the next claim reads it afresh.
         */
        static final Outcome LOOK_AGAIN = new Outcome(StepResult.SUPERSEDED, null, false, null);
        static final Outcome NOT_YET = new Outcome(StepResult.PENDING, null, false, null);

        static Outcome observed(ZoneObservation observation) {
            return new Outcome(observation.converged() ? StepResult.CONVERGED : StepResult.PENDING, null, false,
                    observation);
        }

        static Outcome failed(Throwable failure) {
            if (failure instanceof ZoneDriverException e) {
                return new Outcome(StepResult.RETRYING, e.getMessage(), e.retryable(), null);
            }
            return new Outcome(StepResult.RETRYING, "unexpected error in the zone driver", true, null);
        }
    }

    private final GatewayRepository gateways;
    private final ZoneRepository zones;
    private final GatewayStatusWriter status;
    private final Clock clock;
    private final ZoneDriver driver;
    private final RolloutConfig config;
    private final RetryPolicy retry;
    private final RolloutMetrics metrics;
    private final UnitOfWork work;
    private final GatewayConfig gatewayConfig;
    private final RolloutEngine engine;

    ZoneReconciler(GatewayRepository gateways, ZoneRepository zones, GatewayStatusWriter status, ZoneDriver driver,
            RolloutConfig config, GatewayConfig gatewayConfig, RolloutMetrics metrics, UnitOfWork work, Clock clock,
            RolloutEngine engine) {
        this.engine = engine;
        this.status = status;
        this.clock = clock;
        this.gatewayConfig = gatewayConfig;
        this.work = work;
        this.gateways = gateways;
        this.zones = zones;
        this.driver = driver;
        this.config = config;
        this.retry = RetryPolicy.of(config.retry());
        this.metrics = metrics;
    }

    /**
     * One step for each claimed zone of one gateway: the driver calls run in parallel, then every outcome and
     * the gateway's new status are recorded in one transaction (the gateway row is locked and written once,
     * not once per zone).
     */
    public Uni<List<StepResult>> step(List<Claim> claims, String owner) {
        List<Uni<Outcome>> drives = claims.stream().map(this::drive).toList();
        return Uni.join().all(drives).andFailFast()
                .chain(outcomes -> work.backgroundTransaction(() -> record(claims, outcomes, owner)))
                .invoke(results -> results.forEach(metrics::step));
    }

    private Uni<Outcome> drive(Claim claim) {
        if (claim.firstStep()) {
            metrics.pickedUp(Duration.between(claim.desiredAt(), clock.instant()));
        }
        if (claim.present() && claim.spec() == null) {
            return Uni.createFrom().item(Outcome.LOOK_AGAIN);
        }
        Uni<Outcome> call;
        if (claim.present()) {
            ZoneTarget target = new ZoneTarget(claim.gatewayId(), claim.organizationId(), claim.zone(),
                    claim.token(), StatusRollup.zoneHost(claim.gatewayId().toString(), claim.zone(),
                            gatewayConfig.endpointDomain()), withoutUnverified(claim));
            call = Uni.createFrom().deferred(() -> driver.apply(target)).map(Outcome::observed);
        } else {
            call = Uni.createFrom().deferred(() -> driver.teardown(claim.gatewayId(), claim.zone()))
                    .map(gone -> gone ? Outcome.DONE : Outcome.NOT_YET);
        }
        return call
                .ifNoItem().after(config.stepTimeout())
                .failWith(() -> new ZoneDriverException("no answer from the zone within " + config.stepTimeout(), true))
                .onFailure().recoverWithItem(Outcome::failed);
    }

    /** The spec the zone programs: without the host names that are not verified yet (the TXT ownership check). */
    private static GatewaySpec withoutUnverified(Claim claim) {
        GatewaySpec spec = claim.spec();
        if (claim.unverifiedDns().isEmpty() || spec.endpointConfiguration() == null
                || spec.additionalDns().stream().noneMatch(claim.unverifiedDns()::contains)) {
            return spec;
        }
        return spec.withEndpointConfiguration(spec.endpointConfiguration().withAdditionalDns(spec.additionalDns()
                .stream().filter(name -> !claim.unverifiedDns().contains(name)).toList()));
    }

    private Uni<List<StepResult>> record(List<Claim> claims, List<Outcome> outcomes, String owner) {
        return gateways.lock(claims.get(0).gatewayId()).chain(gateway -> {
            if (gateway == null) {
                return Uni.createFrom().item(Collections.nCopies(claims.size(), StepResult.GONE));
            }
            return zones.forGateway(gateway.id).chain(rows -> {
                Instant now = Timestamps.now(clock);
                List<StepResult> results = new ArrayList<>(claims.size());
                List<ZoneEntity> tornDown = new ArrayList<>();
                for (int i = 0; i < claims.size(); i++) {
                    Claim claim = claims.get(i);
                    ZoneEntity row = rows.stream().filter(r -> r.zone.equals(claim.zone())).findFirst().orElse(null);
                    StepResult result = recordOne(gateway, row, claim, outcomes.get(i), owner, now);
                    results.add(result);
                    if (result == StepResult.TORN_DOWN) {
                        tornDown.add(row);
                    }
                }
                rows.removeAll(tornDown);
                boolean changed = results.stream().anyMatch(r -> r != StepResult.SUPERSEDED);
                return zones.deleteRows(tornDown)
                        .chain(() -> changed ? finish(gateway, rows, now) : Uni.createFrom().voidItem())
                        .replaceWith(results);
            });
        });
    }

    /**
     * Records one outcome if this worker still holds the zone's lease and the zone still wants the desired state
     * it was claimed for; otherwise the result is dropped (a newer desired state stays due).
     */
    private StepResult recordOne(GatewayEntity gateway, ZoneEntity row, Claim claim, Outcome outcome, String owner,
            Instant now) {
        if (row == null || !owner.equals(row.leaseOwner)) {
            return StepResult.SUPERSEDED; // the lease expired and moved on
        }
        row.leaseOwner = null;
        row.leaseExpiresAt = null;
        if (outcome.result() == StepResult.SUPERSEDED || row.applyToken != claim.token()
                || row.present != claim.present()) {
            return StepResult.SUPERSEDED;
        }
        return apply(gateway, row, outcome, now);
    }

    private StepResult apply(GatewayEntity gateway, ZoneEntity row, Outcome outcome, Instant now) {
        String where = "gateway " + gateway.id + " zone " + row.zone + " revision " + row.targetRevision
                + " generation " + row.desiredGeneration;
        switch (outcome.result()) {
            case CONVERGED -> {
                if (!row.present) {
                    LOG.debugf("%s: torn down", where);
                    return StepResult.TORN_DOWN;
                }
                row.observedGeneration = row.desiredGeneration;
                row.observedToken = row.applyToken;
                row.servedRevision = row.targetRevision;
                row.endpoints = outcome.observation().endpoints();
                row.zoneReason = null;
                row.zoneMessage = null;
                row.attempts = 0;
                row.failed = false;
                row.lastError = null;
                row.nextAttemptAt = null;
                metrics.converged(Duration.between(row.desiredAt, now));
                LOG.debugf("%s: converged", where);
                return StepResult.CONVERGED;
            }
            case PENDING -> {
                if (outcome.observation() != null) {
                    row.zoneReason = outcome.observation().reason();
                    row.zoneMessage = outcome.observation().message();
                }
                row.nextAttemptAt = now.plus(config.pendingInterval());
                return StepResult.PENDING;
            }
            default -> {
                row.attempts++;
                row.lastError = outcome.error();
                boolean terminal = row.present && (!outcome.retryable() || !retry.mayRetry(row.attempts));
                if (terminal) {
                    row.failed = true;
                    row.nextAttemptAt = null;
                    LOG.warnf("%s: rollout failed after %d attempts: %s", where, row.attempts, outcome.error());
                    return StepResult.FAILED;
                }
                row.nextAttemptAt = now.plus(retry.backoff(row.attempts));
                LOG.infof("%s: attempt %d failed (%s); next attempt at %s", where, row.attempts, outcome.error(),
                        row.nextAttemptAt);
                return StepResult.RETRYING;
            }
        }
    }

    /** The rollout takes a look at what the zones did (next zones, a failure, the end), then the status. */
    private Uni<Void> finish(GatewayEntity gateway, List<ZoneEntity> rows, Instant now) {
        if (gateway.deleting && rows.isEmpty()) {
            LOG.infof("gateway %s: every zone torn down; deleted", gateway.id);
            return gateways.deleteRow(gateway);
        }
        Uni<Void> advanced = gateway.deleting ? Uni.createFrom().voidItem() : engine.advance(gateway, rows, now);
        return advanced.invoke(() -> status.publish(gateway, rows.stream().map(ZoneEntity::state).toList(), now));
    }
}
