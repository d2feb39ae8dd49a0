package dev.inference.gateway.rollout.policy;

import dev.inference.gateway.audit.AuditContext;
import dev.inference.gateway.audit.AuditedWork;
import dev.inference.gateway.domain.ETags;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewayDeletingException;
import dev.inference.gateway.domain.GatewayNotFoundException;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.Revision;
import dev.inference.gateway.domain.RolloutPhase;
import dev.inference.gateway.domain.RolloutPhaseException;
import dev.inference.gateway.domain.RolloutState;
import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.GatewayReads;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewayStatusWriter;
import dev.inference.gateway.persistence.HostClaims;
import dev.inference.gateway.persistence.RevisionStore;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.ZoneRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The rollout's actions ({@code :pauseRollout}, {@code :resumeRollout}, {@code :abortRollout}, {@code :rollback}) and
 * the revision history, as {@code Uni} pipelines: each action locks the gateway, honours {@code If-Match}, checks that
 * it fits the rollout's phase (400 FAILED_PRECONDITION naming the phase otherwise), and commits its decisions with the
 * gateway's new status in one transaction.
 */
@ApplicationScoped
public class RolloutActions {
    private static final Logger LOG = Logger.getLogger(RolloutActions.class);
    private static final Set<RolloutPhase> PAUSABLE = EnumSet.of(RolloutPhase.ROLLOUT_PHASE_PROGRESSING,
            RolloutPhase.ROLLOUT_PHASE_BAKING);
    private static final Set<RolloutPhase> RESUMABLE = EnumSet.of(RolloutPhase.ROLLOUT_PHASE_PAUSED,
            RolloutPhase.ROLLOUT_PHASE_ROLLED_BACK, RolloutPhase.ROLLOUT_PHASE_ABORTED,
            RolloutPhase.ROLLOUT_PHASE_FAILED);
    private static final Set<RolloutPhase> ABORTABLE = EnumSet.of(RolloutPhase.ROLLOUT_PHASE_PROGRESSING,
            RolloutPhase.ROLLOUT_PHASE_BAKING, RolloutPhase.ROLLOUT_PHASE_PAUSED);

    private final GatewayRepository gateways;
    private final GatewayReads reads;
    private final ZoneRepository zones;
    private final RevisionStore revisions;
    private final RolloutEngine engine;
    private final GatewayStatusWriter status;
    private final Clock clock;
    private final AuditedWork audited;
    private final AuditContext request;
    private final HostClaims hosts;

    RolloutActions(GatewayRepository gateways, GatewayReads reads, ZoneRepository zones,
            RevisionStore revisions, RolloutEngine engine, GatewayStatusWriter status, Clock clock,
            AuditedWork audited, AuditContext request, HostClaims hosts) {
        this.audited = audited;
        this.request = request;
        this.hosts = hosts;
        this.gateways = gateways;
        this.reads = reads;
        this.zones = zones;
        this.revisions = revisions;
        this.engine = engine;
        this.status = status;
        this.clock = clock;
    }

    public Uni<Gateway> pauseRollout(String organizationId, UUID id, String ifMatch) {
        return act(organizationId, id, ifMatch, "pause", PAUSABLE, RolloutEngine.Action.PAUSE);
    }

    public Uni<Gateway> resumeRollout(String organizationId, UUID id, String ifMatch) {
        return act(organizationId, id, ifMatch, "resume", RESUMABLE, RolloutEngine.Action.RESUME);
    }

    public Uni<Gateway> abortRollout(String organizationId, UUID id, String ifMatch) {
        return act(organizationId, id, ifMatch, "abort", ABORTABLE, RolloutEngine.Action.ABORT);
    }

    private Uni<Gateway> act(String organizationId, UUID id, String ifMatch, String verb, Set<RolloutPhase> fits,
            RolloutEngine.Action action) {
        return locked(organizationId, id, ifMatch, g -> zones.forGateway(id).chain(rows -> {
            RolloutState state = engine.state(g, rows);
            if (!fits.contains(state.phase())) {
                throw new RolloutPhaseException("cannot " + verb + " the rollout of revision " + state.revision()
                        + ": its phase is " + state.phase() + " (" + verb + " needs " + names(fits) + ")");
            }
            Instant now = Timestamps.now(clock);
            return engine.act(g, rows, action, now)
                    .invoke(() -> LOG.infof("gateway %s: %s of revision %d asked", id, verb, state.revision()))
                    .invoke(() -> publish(g, rows, now));
        }));
    }

    /**
     * Makes revision {@code target}'s spec (its secret as it was, the gateway's current rollout policy) the gateway's
     * spec again, as a new generation and revision rolled out to every zone at once without bake. No target: the
     * stable revision, or the one before it when the newest revision is the stable one.
     */
    public Uni<Gateway> rollback(String organizationId, UUID id, Long target, String ifMatch) {
        return locked(organizationId, id, ifMatch, g -> revisions.numbers(id).chain(kept -> {
            RolloutState state = engine.state(g, List.of());
            long to = target != null ? target : defaultTarget(state, kept);
            if (!kept.contains(to)) {
                throw new InvalidArgumentException("revision", "revision " + to + " is not kept; the revisions kept "
                        + "are " + kept);
            }
            return revisions.find(id, to).chain(revision -> rollBackTo(g, revision));
        }));
    }

    private static long defaultTarget(RolloutState state, List<Long> kept) {
        if (state.stableRevision() > 0 && state.stableRevision() != state.revision()) {
            return state.stableRevision();
        }
        long before = state.stableRevision() > 0 ? state.stableRevision() : state.revision();
        return kept.stream().filter(r -> r < before).findFirst().orElseThrow(() -> new RolloutPhaseException(
                "there is no earlier revision to roll back to: the revisions kept are " + kept));
    }

    private Uni<List<ZoneEntity>> rollBackTo(GatewayEntity g, Revision revision) {
        Instant now = Timestamps.now(clock);
        GatewaySpec spec = revision.spec().withRolloutPolicy(g.spec.rolloutPolicy());
        RolloutEngine.NewRevision next = engine.plan(g, spec, g.generation + 1, true, now);
        Uni<Void> claimed = spec.additionalDns().equals(g.spec.additionalDns()) ? Uni.createFrom().voidItem()
                : hosts.hold(g, spec, now);
        return claimed.chain(() -> revisions.restoreSecret(g.id, revision.revision()))
                .chain(() -> engine.write(g, next, "Rollback to revision " + revision.revision() + ".", now))
                .invoke(rows -> {
                    g.generation = next.generation();
                    g.storeSpec(spec);
                    g.updatedAt = now;
                    engine.adopt(g, next);
                    publish(g, rows, now);
                    LOG.infof("gateway %s: rollback to revision %d as revision %d", g.id, revision.revision(),
                            next.revision());
                });
    }

    /**
     * The gateway locked in its organization, checked, and changed by {@code change}, with the action's audit event
     * in the same transaction; answers the gateway as it is then.
     */
    private Uni<Gateway> locked(String organizationId, UUID id, String ifMatch,
            Function<GatewayEntity, Uni<?>> change) {
        return audited.transaction(request.facts(), () -> gateways.lockInOrganization(id, organizationId).chain(g -> {
            if (g == null) {
                throw new GatewayNotFoundException(id);
            }
            ETags.requireMatch(ifMatch, g.version);
            if (g.deleting) {
                throw new GatewayDeletingException(id);
            }
            long before = g.generation;
            GatewaySpec specBefore = g.spec;
            return change.apply(g).chain(() -> gateways.flush()).map(ignored -> new AuditedWork.Done<>(
                    g.toGateway(), new AuditedWork.Change(organizationId, id, g.spec.name(), before, g.generation,
                            specBefore, g.spec, g.rollout == null ? "Done."
                            : "Revision " + g.rollout.revision() + " is " + g.rollout.phase() + ".")));
        }));
    }

    /** Revisions of a gateway of this organization, newest first: up to {@code limit} older than {@code before}. */
    public Uni<List<Revision>> listRevisions(String organizationId, UUID id, long before, int limit) {
        return reads.find(id, organizationId).chain(g -> {
            if (g == null) {
                throw new GatewayNotFoundException(id);
            }
            return revisions.page(id, before, limit);
        });
    }

    private void publish(GatewayEntity g, List<ZoneEntity> rows, Instant now) {
        status.publish(g, rows.stream().map(ZoneEntity::state).toList(), now);
    }

    private static String names(Set<RolloutPhase> phases) {
        return String.join(" or ", phases.stream().map(Enum::name).toList());
    }
}
