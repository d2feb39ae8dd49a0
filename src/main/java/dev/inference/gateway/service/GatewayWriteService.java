package dev.inference.gateway.service;

import dev.inference.gateway.audit.AuditContext;
import dev.inference.gateway.audit.AuditedWork;
import dev.inference.gateway.audit.RequestFacts;
import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.ETags;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewayAlreadyExistsException;
import dev.inference.gateway.domain.GatewayDeletingException;
import dev.inference.gateway.domain.GatewayNotFoundException;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.SpecValidator;
import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewaySecretRepository;
import dev.inference.gateway.persistence.GatewayStatusWriter;
import dev.inference.gateway.persistence.HostClaims;
import dev.inference.gateway.persistence.PersistenceFailures;
import dev.inference.gateway.persistence.PublishedStatus;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.ZoneRepository;
import dev.inference.gateway.rollout.policy.RolloutEngine;
import dev.inference.gateway.service.quota.QuotaService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The writes of the Gateway API (create, update, delete) as {@code Uni} pipelines. Each write runs in one transaction that locks the
 * gateway row, applies the change, bumps {@code generation} and sets the zone work the change needs, so the
 * rollout workers see the new spec and its work together or not at all.
 */
@ApplicationScoped
public class GatewayWriteService {
    private static final Logger LOG = Logger.getLogger(GatewayWriteService.class);

    private final GatewayRepository gateways;
    private final ZoneRepository zones;
    private final GatewaySecretRepository secrets;
    private final GatewayStatusWriter status;
    private final UnitOfWork work;
    private final GatewayConfig config;
    private final Clock clock;
    private final SpecValidator validator;
    private final RolloutEngine engine;
    private final AuditedWork audited;
    private final AuditContext request;
    private final HostClaims hosts;
    private final QuotaService quotas;

    GatewayWriteService(GatewayRepository gateways, ZoneRepository zones, GatewaySecretRepository secrets,
            GatewayStatusWriter status, UnitOfWork work, GatewayConfig config, Clock clock, RolloutEngine engine,
            AuditedWork audited, AuditContext request, HostClaims hosts, QuotaService quotas) {
        this.engine = engine;
        this.audited = audited;
        this.request = request;
        this.hosts = hosts;
        this.quotas = quotas;
        this.gateways = gateways;
        this.zones = zones;
        this.secrets = secrets;
        this.status = status;
        this.work = work;
        this.config = config;
        this.clock = clock;
        this.validator = new SpecValidator(config.zones(), config.endpointDomain());
    }


    /** The outcome of a create: the gateway, and whether this call created it (false: an idempotent replay). */
    public record Created(Gateway gateway, boolean created) {
    }

    /**
     * Creates a gateway, or answers the stored one when {@code requestedId} names a gateway of the same spec in
     * the same organization (a retried create). Two concurrent creates of one id both end well: the loser of the
     * insert race retries once and finds the winner's row.
     */
    public Uni<Created> createGateway(String organizationId, UUID requestedId, GatewaySpec draft) {
        GatewaySpec spec = validator.normalize(draft);
        RequestFacts facts = request.facts();
        return audited.transaction(facts, () -> insertOrReplay(organizationId, requestedId, spec))
                .onFailure(e -> requestedId != null && PersistenceFailures.isUniqueViolation(e))
                .recoverWithUni(() -> audited.transaction(facts, () -> insertOrReplay(organizationId, requestedId,
                        spec)));
    }



    /**
     * Applies a spec change. A change that leaves the spec as it is answers the gateway unchanged and starts no
     * rollout; any other bumps {@code generation} and sends every zone to the new spec, superseding work in
     * flight. A FAILED gateway may be updated: its zones start over.
     */
    public Uni<Gateway> updateGateway(String organizationId, UUID id, SpecChange change, String ifMatch) {
        return audited.transaction(request.facts(), () -> gateways.lockInOrganization(id, organizationId).chain(found -> {
            GatewayEntity g = require(found, id);
            checkIfMatch(g, ifMatch);
            if (g.deleting) {
                throw new GatewayDeletingException(id);
            }
            Uni<String> storedKey = g.spec.weightsAndBiasesAuth() == null
                    ? Uni.createFrom().nullItem()
                    : secrets.read(id);
            return storedKey.chain(key -> {
                GatewaySpec stored = g.spec.withApiKey(key);
                GatewaySpec spec = validator.normalize(draftOf(stored, change));
                long before = g.generation;
                return update(g, stored, spec).map(updated -> new AuditedWork.Done<>(updated,
                        new AuditedWork.Change(organizationId, id, spec.name(), before, g.generation, stored, spec,
                                before == g.generation ? "Updated; no new generation." : "Updated.")));
            });
        }));
    }

    private Uni<Gateway> update(GatewayEntity g, GatewaySpec stored, GatewaySpec spec) {
        if (spec.equals(stored)) {
            return Uni.createFrom().item(g.toGateway());
        }
        Instant now = Timestamps.now(clock);
        Uni<Void> claimed = spec.additionalDns().equals(stored.additionalDns())
                ? Uni.createFrom().voidItem()
                : hosts.hold(g, spec, now);
        return claimed.chain(() -> apply(g, stored, spec, now));
    }

    private Uni<Gateway> apply(GatewayEntity g, GatewaySpec stored, GatewaySpec spec, Instant now) {
        if (spec.sameServedAs(stored)) { // the rollout policy alone: it governs the next rollout
            g.storeSpec(spec);
            g.updatedAt = now;
            LOG.infof("gateway %s: rollout policy changed; no new revision", g.id);
            return flushed(g);
        }
        // the revision keeps the secret as the gateway then holds it: written (and flushed) first
        Uni<Void> secret = Objects.equals(spec.apiKey(), stored.apiKey())
                ? Uni.createFrom().voidItem()
                : secrets.write(g.id, spec.apiKey()).chain(() -> gateways.flush()).replaceWithVoid();
        RolloutEngine.NewRevision next = engine.plan(g, spec, g.generation + 1, false, now);
        return secret.chain(() -> engine.write(g, next, "Spec changed.", now))
                .invoke(rows -> {
                    // the gateway row changes only now, after the statements, so that it is written once
                    g.generation = next.generation();
                    g.storeSpec(spec);
                    g.updatedAt = now;
                    engine.adopt(g, next);
                    status.publish(g, rows.stream().map(ZoneEntity::state).toList(), now);
                })
                .chain(() -> flushed(g));
    }

    /**
     * Starts the deletion: the gateway shows {@code STATUS_DELETING} until the workers have torn down every zone,
     * then disappears. Deleting a gateway that is already being deleted answers its current state.
     */
    public Uni<Gateway> deleteGateway(String organizationId, UUID id, String ifMatch) {
        return audited.transaction(request.facts(), () -> gateways.lockInOrganization(id, organizationId).chain(found -> {
            GatewayEntity g = require(found, id);
            checkIfMatch(g, ifMatch);
            long before = g.generation;
            GatewaySpec spec = g.spec;
            return delete(g).map(deleted -> new AuditedWork.Done<>(deleted, new AuditedWork.Change(organizationId,
                    id, spec.name(), before, g.generation, spec, null,
                    before == g.generation ? "Already being deleted." : "Deletion requested.")));
        }));
    }

    private Uni<Gateway> delete(GatewayEntity g) {
            UUID id = g.id;
            if (g.deleting) {
                return Uni.createFrom().item(g.toGateway());
            }
            Instant now = Timestamps.now(clock);
            long generation = g.generation + 1;
            return zones.desire(g.id, g.organizationId, new ZoneRepository.Targets(0, generation, List.of(),
                            List.of(), null), now)
                    .invoke(rows -> {
                        g.deleting = true;
                        g.generation = generation;
                        g.updatedAt = now;
                        status.publish(g, rows.stream().map(ZoneEntity::state).toList(), now);
                    })
                    .invoke(() -> LOG.infof("gateway %s: deletion requested (generation %d)", id, g.generation))
                    .chain(() -> flushed(g));
    }

    private Uni<AuditedWork.Done<Created>> insertOrReplay(String organizationId, UUID requestedId, GatewaySpec spec) {
        Uni<GatewayEntity> existing = requestedId == null
                ? Uni.createFrom().nullItem()
                : gateways.findById(requestedId);
        return existing.chain(found -> {
            if (found != null) {
                return replay(found, organizationId, spec);
            }
            Instant now = Timestamps.now(clock);
            GatewayEntity g = new GatewayEntity();
            g.id = requestedId == null ? UUID.randomUUID() : requestedId;
            g.organizationId = organizationId;
            g.storeSpec(spec);
            g.generation = 1;
            g.status = GatewayStatus.STATUS_CREATING;
            g.published = new PublishedStatus(List.of(), List.of());
            g.createdAt = now;
            g.updatedAt = now;
            RolloutEngine.NewRevision first = engine.plan(g, spec, 1, false, now);
            engine.adopt(g, first);
            // its names are new claims: with the TXT check on, none is verified yet (hold below says so again)
            g.unverifiedDns = hosts.verifying() && !spec.additionalDns().isEmpty()
                    ? String.join(",", spec.additionalDns().stream().sorted().toList()) : null;
            // The status of a new gateway is known before its zone rows exist: inserted with it, not updated after.
            status.publish(g, first.freshZones(now), now);
            return gateways.persist(g)
                    .chain(() -> spec.apiKey() == null ? Uni.createFrom().voidItem() : secrets.write(g.id, spec.apiKey()))
                    .chain(() -> gateways.flush()) // the revision and the zone rows refer to the gateway row
                    .chain(() -> quotas.checkGateways(organizationId)) // counted by the insert's trigger
                    .chain(() -> spec.additionalDns().isEmpty() ? Uni.createFrom().voidItem()
                            : hosts.hold(g, spec, now))
                    .chain(() -> engine.write(g, first, "Created.", now))
                    .chain(() -> flushed(g))
                    .invoke(view -> LOG.infof("gateway %s: created (generation 1)", g.id))
                    .map(view -> new AuditedWork.Done<>(new Created(view, true), new AuditedWork.Change(
                            organizationId, g.id, spec.name(), null, 1L, null, spec, "Created.")));
        });
    }

    /** A create with the id of a stored gateway: the same spec in the same organization answers it, else 409. */
    private Uni<AuditedWork.Done<Created>> replay(GatewayEntity found, String organizationId, GatewaySpec spec) {
        if (!found.organizationId.equals(organizationId) || found.deleting) {
            throw new GatewayAlreadyExistsException(found.id);
        }
        Uni<String> key = found.spec.weightsAndBiasesAuth() == null ? Uni.createFrom().nullItem()
                : secrets.read(found.id);
        return key.map(stored -> {
            if (!spec.equals(found.spec.withApiKey(stored))) {
                throw new GatewayAlreadyExistsException(found.id);
            }
            return new AuditedWork.Done<>(new Created(found.toGateway(), false), new AuditedWork.Change(
                    organizationId, found.id, spec.name(), found.generation, found.generation, spec, spec,
                    "A retried create: the gateway exists with this spec; nothing changed."));
        });
    }

    private GatewaySpec draftOf(GatewaySpec stored, SpecChange change) {
        GatewaySpec draft = change.draft(stored.withApiKey(null));
        boolean keepKey = draft.weightsAndBiasesAuth() != null && draft.apiKey() == null && stored.apiKey() != null;
        return keepKey ? draft.withApiKey(stored.apiKey()) : draft;
    }

    private Uni<Gateway> flushed(GatewayEntity g) {
        return gateways.flush().map(ignored -> g.toGateway());
    }

    private static void checkIfMatch(GatewayEntity g, String ifMatch) {
        ETags.requireMatch(ifMatch, g.version);
    }

    private static <T> T require(T gateway, UUID id) {
        if (gateway == null) {
            throw new GatewayNotFoundException(id);
        }
        return gateway;
    }

}
