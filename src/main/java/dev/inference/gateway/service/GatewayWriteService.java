package dev.inference.gateway.service;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.ETags;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewayAlreadyExistsException;
import dev.inference.gateway.domain.GatewayDeletingException;
import dev.inference.gateway.domain.GatewayNotFoundException;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.PreconditionFailedException;
import dev.inference.gateway.domain.SpecValidator;
import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.domain.ZoneState;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewaySecretRepository;
import dev.inference.gateway.persistence.GatewayStatusWriter;
import dev.inference.gateway.persistence.PersistenceFailures;
import dev.inference.gateway.persistence.PublishedStatus;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.ZoneRepository;
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

    GatewayWriteService(GatewayRepository gateways, ZoneRepository zones, GatewaySecretRepository secrets,
            GatewayStatusWriter status, UnitOfWork work, GatewayConfig config, Clock clock) {
        this.gateways = gateways;
        this.zones = zones;
        this.secrets = secrets;
        this.status = status;
        this.work = work;
        this.config = config;
        this.clock = clock;
        this.validator = new SpecValidator(config.zones());
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
        return work.transaction(() -> insertOrReplay(organizationId, requestedId, spec))
                .onFailure(e -> requestedId != null && PersistenceFailures.isUniqueViolation(e))
                .recoverWithUni(() -> work.transaction(() -> insertOrReplay(organizationId, requestedId, spec)));
    }



    /**
     * Applies a spec change. A change that leaves the spec as it is answers the gateway unchanged and starts no
     * rollout; any other bumps {@code generation} and sends every zone to the new spec, superseding work in
     * flight. A FAILED gateway may be updated: its zones start over.
     */
    public Uni<Gateway> updateGateway(String organizationId, UUID id, SpecChange change, String ifMatch) {
        return work.transaction(() -> gateways.lockInOrganization(id, organizationId).chain(found -> {
            GatewayEntity g = require(found, id);
            checkIfMatch(g, ifMatch);
            if (g.deleting) {
                throw new GatewayDeletingException(id);
            }
            Uni<String> storedKey = g.spec.weightsAndBiasesAuth() == null
                    ? Uni.createFrom().nullItem()
                    : secrets.read(id);
            return storedKey.chain(key -> update(g, g.spec.withApiKey(key), change));
        }));
    }

    private Uni<Gateway> update(GatewayEntity g, GatewaySpec stored, SpecChange change) {
        GatewaySpec spec = validator.normalize(draftOf(stored, change));
        if (spec.equals(stored)) {
            return Uni.createFrom().item(g.toGateway());
        }
        Instant now = Timestamps.now(clock);
        Uni<Void> secret = Objects.equals(spec.apiKey(), stored.apiKey())
                ? Uni.createFrom().voidItem()
                : secrets.write(g.id, spec.apiKey());
        return secret.chain(() -> desireZones(g, g.generation + 1, spec.effectiveZones(config.zones()), now, () -> {
                    g.generation++;
                    g.storeSpec(spec);
                    g.updatedAt = now;
                }))
                .invoke(() -> LOG.infof("gateway %s: spec changed, generation %d rolls out", g.id, g.generation))
                .chain(() -> flushed(g));
    }

    /**
     * Starts the deletion: the gateway shows {@code STATUS_DELETING} until the workers have torn down every zone,
     * then disappears. Deleting a gateway that is already being deleted answers its current state.
     */
    public Uni<Gateway> deleteGateway(String organizationId, UUID id, String ifMatch) {
        return work.transaction(() -> gateways.lockInOrganization(id, organizationId).chain(found -> {
            GatewayEntity g = require(found, id);
            checkIfMatch(g, ifMatch);
            if (g.deleting) {
                return Uni.createFrom().item(g.toGateway());
            }
            Instant now = Timestamps.now(clock);
            return desireZones(g, g.generation + 1, List.of(), now, () -> {
                        g.deleting = true;
                        g.generation++;
                        g.updatedAt = now;
                    })
                    .invoke(() -> LOG.infof("gateway %s: deletion requested (generation %d)", id, g.generation))
                    .chain(() -> flushed(g));
        }));
    }

    private Uni<Created> insertOrReplay(String organizationId, UUID requestedId, GatewaySpec spec) {
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
            List<String> wanted = spec.effectiveZones(config.zones());
            // The status of a new gateway is known before its zone rows exist: inserted with it, not updated after.
            status.publish(g, wanted.stream().map(zone -> ZoneState.fresh(zone, g.generation, now)).toList(), now);
            return gateways.persist(g)
                    .chain(() -> spec.apiKey() == null ? Uni.createFrom().voidItem() : secrets.write(g.id, spec.apiKey()))
                    .chain(() -> gateways.flush()) // the zone rows refer to the gateway row
                    .chain(() -> desireZones(g, g.generation, wanted, now, () -> {
                    }))
                    .chain(() -> flushed(g))
                    .invoke(view -> LOG.infof("gateway %s: created (generation 1)", g.id))
                    .map(view -> new Created(view, true));
        });
    }

    /** A create with the id of a stored gateway: the same spec in the same organization answers it, else 409. */
    private Uni<Created> replay(GatewayEntity found, String organizationId, GatewaySpec spec) {
        if (!found.organizationId.equals(organizationId) || found.deleting) {
            throw new GatewayAlreadyExistsException(found.id);
        }
        Uni<String> key = found.spec.weightsAndBiasesAuth() == null ? Uni.createFrom().nullItem()
                : secrets.read(found.id);
        return key.map(stored -> {
            if (!spec.equals(found.spec.withApiKey(stored))) {
                throw new GatewayAlreadyExistsException(found.id);
            }
            return new Created(found.toGateway(), false);
        });
    }

    /**
     * Points every zone at {@code generation} (present in {@code wanted}, torn down elsewhere), then applies
     * {@code change} to the gateway and rolls its status up. The gateway is changed only after the zone
     * statement, so that Hibernate flushes it once, at the commit, not also before the statement.
     */
    private Uni<Void> desireZones(GatewayEntity g, long generation, List<String> wanted, Instant now,
            Runnable change) {
        return zones.desire(g.id, g.organizationId, generation, wanted, now)
                .invoke(rows -> {
                    change.run();
                    status.publish(g, rows.stream().map(ZoneEntity::state).toList(), now);
                })
                .replaceWithVoid();
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
        if (ifMatch != null && !ETags.matches(ifMatch, g.version)) {
            throw new PreconditionFailedException("If-Match " + ifMatch + " does not match the current ETag "
                    + ETags.of(g.version));
        }
    }

    private static <T> T require(T gateway, UUID id) {
        if (gateway == null) {
            throw new GatewayNotFoundException(id);
        }
        return gateway;
    }

}
