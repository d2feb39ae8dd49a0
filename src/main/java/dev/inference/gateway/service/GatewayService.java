package dev.inference.gateway.service;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.ETags;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewayAlreadyExistsException;
import dev.inference.gateway.domain.GatewayDeletingException;
import dev.inference.gateway.domain.GatewayNotFoundException;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.PreconditionFailedException;
import dev.inference.gateway.domain.SpecValidator;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewaySecretRepository;
import dev.inference.gateway.persistence.PersistenceFailures;
import dev.inference.gateway.persistence.PublishedStatus;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.persistence.ZoneRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The use cases of the Gateway API as {@code Uni} pipelines. Each write runs in one transaction that locks the
 * gateway row, applies the change, bumps {@code generation} and records the zone work the change needs, so the
 * rollout workers see the new spec and its work together or not at all.
 */
@ApplicationScoped
public class GatewayService {
    private static final Logger LOG = Logger.getLogger(GatewayService.class);

    private final GatewayRepository gateways;
    private final ZoneRepository zones;
    private final StatusPublisher publisher;
    private final SpecValidator validator;
    private final GatewayConfig config;
    private final UnitOfWork work;
    private final GatewaySecretRepository secrets;

    GatewayService(GatewayRepository gateways, ZoneRepository zones, GatewaySecretRepository secrets,
            StatusPublisher publisher, GatewayConfig config, UnitOfWork work) {
        this.work = work;
        this.secrets = secrets;
        this.gateways = gateways;
        this.zones = zones;
        this.publisher = publisher;
        this.config = config;
        this.validator = new SpecValidator(config.zones());
    }

    public List<String> getGatewayParameters() {
        return config.zones();
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
        return Uni.createFrom().item(() -> validator.normalize(draft))
                .chain(spec -> work.transaction(
                                () -> insertOrReplay(organizationId, requestedId, spec))
                        .onFailure(e -> requestedId != null && PersistenceFailures.isUniqueViolation(e))
                        .recoverWithUni(() -> work.transaction(
                                () -> insertOrReplay(organizationId, requestedId, spec))));
    }

    public Uni<Gateway> getGateway(String organizationId, UUID id) {
        return work.session(() -> gateways.findInOrganization(id, organizationId))
                .map(g -> StatusPublisher.view(require(g, id)));
    }

    public Uni<Page> listGateways(String organizationId, PageRequest request) {
        int pageSize = pageSize(request.pageSize());
        PageToken cursor = request.pageToken() == null || request.pageToken().isEmpty()
                ? null
                : PageToken.decode(request.pageToken());
        int limit = pageSize == Integer.MAX_VALUE ? pageSize : pageSize + 1;
        return work.session(() -> gateways.page(organizationId, request.updatedAfter(),
                        cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), limit))
                .map(rows -> {
                    boolean more = rows.size() > pageSize;
                    List<GatewayEntity> items = more ? rows.subList(0, pageSize) : rows;
                    GatewayEntity last = more ? items.get(items.size() - 1) : null;
                    return new Page(items.stream().map(StatusPublisher::view).toList(),
                            last == null ? null : new PageToken(last.createdAt, last.id).encode());
                });
    }

    /**
     * Applies a spec change. A change that leaves the spec as it is answers the gateway unchanged and starts no
     * rollout; any other bumps {@code generation} and sends every zone to the new spec, superseding work in
     * flight. A FAILED gateway may be updated: its zones start over.
     */
    public Uni<Gateway> updateGateway(String organizationId, UUID id, SpecChange change, String ifMatch) {
        return work.transaction(() -> gateways.lockInOrganization(id, organizationId)
                .chain(found -> {
                    GatewayEntity g = require(found, id);
                    checkIfMatch(g, ifMatch);
                    if (g.deleting) {
                        throw new GatewayDeletingException(id);
                    }
                    return secrets.read(id).chain(storedKey -> update(g, storedKey, change));
                }));
    }

    private Uni<Gateway> update(GatewayEntity g, String storedKey, SpecChange change) {
        GatewaySpec stored = g.spec.withApiKey(storedKey);
        GatewaySpec spec = validator.normalize(draftOf(stored, change));
        if (spec.equals(stored)) {
            return Uni.createFrom().item(StatusPublisher.view(g));
        }
        Instant now = Times.now();
        g.generation++;
        g.storeSpec(spec);
        g.updatedAt = now;
        Uni<Void> secret = Objects.equals(spec.apiKey(), storedKey)
                ? Uni.createFrom().voidItem()
                : secrets.write(g.id, spec.apiKey());
        return secret.chain(() -> desireZones(g, spec.effectiveZones(config.zones()), now))
                .invoke(() -> LOG.infof("gateway %s: spec changed, generation %d rolls out", g.id, g.generation))
                .chain(() -> viewAfterFlush(g));
    }

    /**
     * Starts the deletion: the gateway shows {@code STATUS_DELETING} until the workers have torn down every zone,
     * then disappears. Deleting a gateway that is already being deleted answers its current state.
     */
    public Uni<Gateway> deleteGateway(String organizationId, UUID id, String ifMatch) {
        return work.transaction(() -> gateways.lockInOrganization(id, organizationId)
                .chain(found -> {
                    GatewayEntity g = require(found, id);
                    checkIfMatch(g, ifMatch);
                    if (g.deleting) {
                        return Uni.createFrom().item(StatusPublisher.view(g));
                    }
                    Instant now = Times.now();
                    g.deleting = true;
                    g.generation++;
                    g.updatedAt = now;
                    return desireZones(g, List.of(), now)
                            .invoke(() -> LOG.infof("gateway %s: deletion requested (generation %d)", id, g.generation))
                            .chain(() -> viewAfterFlush(g));
                }));
    }

    private Uni<Created> insertOrReplay(String organizationId, UUID requestedId, GatewaySpec spec) {
        Uni<GatewayEntity> existing = requestedId == null
                ? Uni.createFrom().nullItem()
                : gateways.findById(requestedId);
        return existing.chain(found -> {
            if (found != null) {
                if (!found.organizationId.equals(organizationId) || found.deleting) {
                    throw new GatewayAlreadyExistsException(requestedId);
                }
                return secrets.read(found.id).map(key -> {
                    if (!spec.equals(found.spec.withApiKey(key))) {
                        throw new GatewayAlreadyExistsException(requestedId);
                    }
                    return new Created(StatusPublisher.view(found), false);
                });
            }
            Instant now = Times.now();
            GatewayEntity g = new GatewayEntity();
            g.id = requestedId == null ? UUID.randomUUID() : requestedId;
            g.organizationId = organizationId;
            g.storeSpec(spec);
            g.generation = 1;
            g.status = GatewayStatus.STATUS_CREATING;
            g.published = new PublishedStatus(List.of(), List.of());
            g.createdAt = now;
            g.updatedAt = now;
            List<ZoneEntity> rows = new ArrayList<>();
            for (String zone : spec.effectiveZones(config.zones())) {
                ZoneEntity row = new ZoneEntity();
                row.gatewayId = g.id;
                row.organizationId = g.organizationId;
                row.zone = zone;
                row.desire(true, g.generation, now);
                rows.add(row);
            }
            publisher.publish(g, rows, now);
            return gateways.persist(g)
                    .chain(() -> spec.apiKey() == null ? Uni.createFrom().voidItem() : secrets.write(g.id, spec.apiKey()))
                    .chain(() -> zones.persist(rows))
                    .chain(() -> viewAfterFlush(g))
                    .invoke(view -> LOG.infof("gateway %s: created in %d zones (generation 1)", g.id, rows.size()))
                    .map(view -> new Created(view, true));
        });
    }

    /** Points every zone row at the gateway's new generation: present in {@code wanted}, torn down elsewhere. */
    private Uni<Void> desireZones(GatewayEntity g, List<String> wanted, Instant now) {
        return zones.forGatewayForUpdate(g.id).chain(rows -> {
            Map<String, ZoneEntity> byZone = new HashMap<>();
            rows.forEach(r -> byZone.put(r.zone, r));
            List<ZoneEntity> added = new ArrayList<>();
            for (String zone : wanted) {
                ZoneEntity row = byZone.remove(zone);
                if (row == null) {
                    row = new ZoneEntity();
                    row.gatewayId = g.id;
                    row.organizationId = g.organizationId;
                    row.zone = zone;
                    added.add(row);
                }
                row.desire(true, g.generation, now);
            }
            byZone.values().forEach(row -> row.desire(false, g.generation, now));
            List<ZoneEntity> all = new ArrayList<>(rows);
            all.addAll(added);
            publisher.publish(g, all, now);
            return added.isEmpty() ? Uni.createFrom().voidItem() : zones.persist(added);
        });
    }

    private GatewaySpec draftOf(GatewaySpec stored, SpecChange change) {
        GatewaySpec draft;
        if (change instanceof SpecChange.Replace replace) {
            draft = replace.desired().endpointConfiguration() == null
                    ? replace.desired().withEndpointConfiguration(stored.endpointConfiguration())
                    : replace.desired();
        } else {
            draft = ((SpecChange.Patch) change).patch().apply(stored.withApiKey(null));
        }
        boolean keepKey = draft.weightsAndBiasesAuth() != null && draft.apiKey() == null && stored.apiKey() != null;
        return keepKey ? draft.withApiKey(stored.apiKey()) : draft;
    }

    private Uni<Gateway> viewAfterFlush(GatewayEntity g) {
        return gateways.flush().map(ignored -> StatusPublisher.view(g));
    }

    private static void checkIfMatch(GatewayEntity g, String ifMatch) {
        if (ifMatch != null && !ETags.matches(ifMatch, g.version)) {
            throw new PreconditionFailedException("If-Match " + ifMatch + " does not match the current ETag "
                    + ETags.of(g.version));
        }
    }

    private static GatewayEntity require(GatewayEntity g, UUID id) {
        if (g == null) {
            throw new GatewayNotFoundException(id);
        }
        return g;
    }

    private int pageSize(Integer requested) {
        if (requested == null || requested == 0) {
            return Integer.MAX_VALUE;
        }
        if (requested < 0) {
            throw new InvalidArgumentException("pageSize", "must not be negative");
        }
        return Math.min(requested, config.paging().maxPageSize());
    }
}
