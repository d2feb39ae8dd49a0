package dev.inference.gateway.rollout.policy;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.RevisionOutcome;
import dev.inference.gateway.domain.RolloutPhase;
import dev.inference.gateway.domain.RolloutPolicy;
import dev.inference.gateway.domain.RolloutState;
import dev.inference.gateway.domain.WavePhase;
import dev.inference.gateway.domain.WaveState;
import dev.inference.gateway.domain.ZoneState;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.RevisionStore;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.ZoneRepository;
import dev.inference.gateway.rollout.policy.Plan.Hold;
import dev.inference.gateway.rollout.policy.Plan.Release;
import dev.inference.gateway.rollout.policy.Plan.Resume;
import dev.inference.gateway.rollout.policy.Plan.TearDown;
import dev.inference.gateway.rollout.policy.Plan.ZoneStep;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Carries the planner's decisions out, always inside the transaction that holds the gateway's row lock: a new
 * revision and its rollout (API writes), a look after zone steps were recorded (the workers), a look when a bake ends
 * or a deadline passes ({@link RolloutChecks}), and the actions. Zone targets, the rollout's state, revision outcomes
 * and the next look are written together, so a crash or a second replica finds them as one.
 */
@ApplicationScoped
public class RolloutEngine {
    private static final Logger LOG = Logger.getLogger(RolloutEngine.class);

    private final ZoneRepository zones;
    private final RevisionStore revisions;
    private final GatewayConfig config;
    private final RolloutMeters meters;

    RolloutEngine(ZoneRepository zones, RevisionStore revisions, GatewayConfig config, RolloutMeters meters) {
        this.zones = zones;
        this.revisions = revisions;
        this.config = config;
        this.meters = meters;
    }

    /**
     * The rollout of a new revision of {@code spec} at {@code generation}: it supersedes one in flight and starts at
     * wave 0. {@code allAtOnce}: every zone at once without bake, whatever the policy says (a rollback). Nothing is
     * written yet: {@link #write} writes it, {@link #adopt} puts it on the gateway.
     */
    public NewRevision plan(GatewayEntity g, GatewaySpec spec, long generation, boolean allAtOnce, Instant now) {
        RolloutState previous = state(g, List.of());
        long revision = g.revision + 1;
        RolloutPolicy policy = spec.rolloutPolicy();
        RolloutPolicy rolloutPolicy = allAtOnce && policy != null
                ? new RolloutPolicy(null, null, policy.progressDeadlineSeconds(), policy.failurePolicy(),
                        policy.revisionHistoryLimit())
                : policy;
        List<String> served = spec.effectiveZones(config.zones());
        Plan plan = WavePlanner.start(previous, revision, generation, rolloutPolicy, served, Map.of(), now);
        List<String> released = plan.steps().stream().filter(s -> s instanceof Release).map(ZoneStep::zone).toList();
        List<String> kept = served.stream().filter(z -> !released.contains(z)).toList();
        int limit = policy == null ? RolloutPolicy.DEFAULT_HISTORY_LIMIT : policy.historyLimit();
        return new NewRevision(previous, plan, revision, generation, spec, released, kept, limit);
    }

    /** A planned new revision: its number, what wave 0 releases now, and the rest. */
    public record NewRevision(RolloutState previous, Plan plan, long revision, long generation, GatewaySpec spec,
            List<String> released, List<String> kept, int historyLimit) {

        /** The zone states right after it is written, for a gateway that had none (a create). */
        public List<ZoneState> freshZones(Instant now) {
            List<ZoneState> fresh = new ArrayList<>();
            released.forEach(z -> fresh.add(ZoneState.fresh(z, generation, revision, now)));
            kept.forEach(z -> fresh.add(new ZoneState(z, true, 0, 0, 0, false, null, null, List.of(), null, null,
                    0, 0, 1, 0, null)));
            return fresh;
        }
    }

    /**
     * Writes a planned revision in the current transaction (the gateway's row and secret written first): the revision
     * with the secret as it is, the outcome of the one it supersedes, and every zone's new target. Answers the zone
     * rows as they are after. The gateway row itself is left alone, so that it is written once, at the commit.
     */
    public Uni<List<ZoneEntity>> write(GatewayEntity g, NewRevision next, String reason, Instant now) {
        return revisions.create(g.id, next.revision(), next.generation(), next.spec(),
                        next.previous().stableRevision(), next.historyLimit(), reason, now)
                .call(() -> outcomes(g, next.plan(), next.revision()))
                .chain(() -> zones.desire(g.id, g.organizationId, new ZoneRepository.Targets(next.revision(),
                        next.generation(), next.released(), next.kept(), deadline(next.plan().state())), now));
    }

    /** Puts a written (or about to be written) revision's rollout on the gateway. */
    public void adopt(GatewayEntity g, NewRevision next) {
        g.revision = next.revision();
        settle(g, next.previous(), next.plan());
        LOG.infof("gateway %s: revision %d (generation %d) rolls out: %s", g.id, next.revision(), next.generation(),
                next.plan().state().message());
    }

    /** One look at the rollout after its zones changed or its time came (under the gateway's lock). */
    public Uni<Void> advance(GatewayEntity g, List<ZoneEntity> rows, Instant now) {
        RolloutState state = state(g, rows);
        return apply(g, rows, state, WavePlanner.advance(state, states(rows), now), now);
    }

    /** An action on the rollout (pause, resume, abort), already checked against its phase. */
    public Uni<Void> act(GatewayEntity g, List<ZoneEntity> rows, Action action, Instant now) {
        RolloutState state = state(g, rows);
        Map<String, ZoneState> states = states(rows);
        Plan plan = switch (action) {
            case PAUSE -> WavePlanner.pause(state, states, now);
            case RESUME -> WavePlanner.resume(state, states, now);
            case ABORT -> WavePlanner.abort(state, states, now);
        };
        return apply(g, rows, state, plan, now);
    }

    /** The actions a person may take on a rollout. */
    public enum Action { PAUSE, RESUME, ABORT }

    /**
     * The gateway's rollout state; a gateway stored before revisions existed has none, and is read as the rollout
     * of its one revision without a policy: done if it is READY.
     */
    public RolloutState state(GatewayEntity g, List<ZoneEntity> rows) {
        if (g.rollout != null) {
            return g.rollout;
        }
        boolean done = g.status == GatewayStatus.STATUS_READY;
        List<String> served = g.spec.effectiveZones(config.zones());
        List<WaveState> waves = WavePlanner.waves(null, served).stream()
                .map(w -> w.with(done ? WavePhase.WAVE_PHASE_COMPLETE : WavePhase.WAVE_PHASE_PROGRESSING)).toList();
        return new RolloutState(g.revision, g.generation, done ? g.revision : 0, done ? g.generation : 0,
                done ? served : List.of(), done ? RolloutPhase.ROLLOUT_PHASE_SUCCEEDED
                        : RolloutPhase.ROLLOUT_PHASE_PROGRESSING, null, null, 0, null, waves, g.createdAt,
                g.updatedAt, null, null, done ? Reasons.COMPLETE : Reasons.STARTED, null, g.updatedAt);
    }

    private Uni<Void> apply(GatewayEntity g, List<ZoneEntity> rows, RolloutState before, Plan plan, Instant now) {
        Map<String, ZoneEntity> byZone = new LinkedHashMap<>();
        rows.forEach(r -> byZone.put(r.zone, r));
        List<ZoneEntity> added = new ArrayList<>();
        RolloutState after = plan.state();
        for (ZoneStep step : plan.steps()) {
            ZoneEntity row = byZone.get(step.zone());
            if (step instanceof Release release) {
                if (row == null) {
                    row = newRow(g, step.zone(), now);
                    added.add(row);
                    byZone.put(step.zone(), row);
                    rows.add(row);
                }
                row.target(true, release.revision(), generationOf(after, release.revision()), deadline(after), now);
            } else if (row == null) {
                continue;
            } else if (step instanceof Hold) {
                row.hold(now);
            } else if (step instanceof Resume resume) {
                if (resume.retry()) {
                    row.again(now);
                    row.deadlineMillis = deadline(after);
                } else {
                    row.resume(now);
                }
            } else if (step instanceof TearDown) {
                row.target(false, 0, g.generation, null, now);
            }
        }
        Uni<Void> persisted = added.isEmpty() ? Uni.createFrom().voidItem() : zones.persist(added);
        return persisted
                .chain(() -> outcomes(g, plan, -1))
                .invoke(() -> settle(g, before, plan));
    }

    /** The rollout's new state and the next look, on the gateway (written with it, at the commit). */
    private void settle(GatewayEntity g, RolloutState before, Plan plan) {
        RolloutState after = plan.state();
        g.rollout = after;
        g.rolloutCheckAt = plan.checkAt();
        if (before.phase() != after.phase() || before.revision() != after.revision()) {
            meters.phaseChanged(before, after);
            LOG.infof("gateway %s: revision %d %s -> %s: %s", g.id, after.revision(), before.phase(), after.phase(),
                    after.message());
        }
    }

    /** What became of revisions: one statement per changed outcome (rare: a rollout starts, ends or pauses). */
    private Uni<Void> outcomes(GatewayEntity g, Plan plan, long created) {
        Uni<Void> outcomes = Uni.createFrom().voidItem();
        for (Map.Entry<Long, Plan.Outcome> e : plan.outcomes().entrySet()) {
            if (e.getKey() == created && e.getValue().outcome() == RevisionOutcome.REVISION_OUTCOME_IN_PROGRESS) {
                continue; // made so
            }
            meters.outcome(e.getValue().outcome());
            outcomes = outcomes.chain(() -> revisions.outcome(g.id, e.getKey(), e.getValue().outcome(),
                    e.getValue().reason()));
        }
        return outcomes;
    }

    private static ZoneEntity newRow(GatewayEntity g, String zone, Instant now) {
        ZoneEntity row = new ZoneEntity();
        row.gatewayId = g.id;
        row.zone = zone;
        row.organizationId = g.organizationId;
        row.present = true;
        row.desiredAt = now;
        return row;
    }

    private static long generationOf(RolloutState state, long revision) {
        return revision == state.revision() ? state.generation() : state.stableGeneration();
    }

    /** A zone's progress deadline under the rollout's policy (null: none; a gateway without a policy has none). */
    private static Long deadline(RolloutState state) {
        return state.governed() ? state.policy().deadlineSeconds() * 1000L : null;
    }

    static Map<String, ZoneState> states(List<ZoneEntity> rows) {
        Map<String, ZoneState> states = new HashMap<>();
        rows.forEach(r -> states.put(r.zone, r.state()));
        return states;
    }
}
