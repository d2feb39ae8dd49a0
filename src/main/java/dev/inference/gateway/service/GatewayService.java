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
import dev.inference.gateway.domain.StoredGateway;
import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.domain.ZoneState;
import dev.inference.gateway.persistence.GatewayEntity;
import dev.inference.gateway.persistence.GatewayReads;
import dev.inference.gateway.persistence.GatewayRepository;
import dev.inference.gateway.persistence.GatewaySecretRepository;
import dev.inference.gateway.persistence.GatewayStatusWriter;
import dev.inference.gateway.persistence.PersistenceFailures;
import dev.inference.gateway.persistence.PublishedStatus;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.persistence.ZoneEntity;
import dev.inference.gateway.persistence.ZoneRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The use cases of the Gateway API as {@code Uni} pipelines. Each write runs in one transaction that locks the
 * gateway row, applies the change, bumps {@code generation} and sets the zone work the change needs, so the
 * rollout workers see the new spec and its work together or not at all.
 */
@ApplicationScoped
public class GatewayService {
    private static final Logger LOG = Logger.getLogger(GatewayService.class);

    private final GatewayRepository gateways;
    private final ZoneRepository zones;
    private final GatewaySecretRepository secrets;
    private final GatewayReads reads;
    private final GatewayStatusWriter status;
    private final UnitOfWork work;
    private final ListSlots listSlots;
    private final GatewayConfig config;
    private final Clock clock;
    private final SpecValidator validator;
    private final KeptAnswers answers;

    GatewayService(GatewayRepository gateways, ZoneRepository zones, GatewaySecretRepository secrets,
            GatewayReads reads, GatewayStatusWriter status, UnitOfWork work, ListSlots listSlots, GatewayConfig config,
            Clock clock, KeptAnswers answers) {
        this.gateways = gateways;
        this.zones = zones;
        this.secrets = secrets;
        this.reads = reads;
        this.status = status;
        this.work = work;
        this.listSlots = listSlots;
        this.config = config;
        this.clock = clock;
        this.validator = new SpecValidator(config.zones());
        this.answers = answers;
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
        GatewaySpec spec = validator.normalize(draft);
        return work.transaction(() -> insertOrReplay(organizationId, requestedId, spec))
                .onFailure(e -> requestedId != null && PersistenceFailures.isUniqueViolation(e))
                .recoverWithUni(() -> work.transaction(() -> insertOrReplay(organizationId, requestedId, spec)));
    }

    public Uni<StoredGateway> getGateway(String organizationId, UUID id) {
        return reads.find(id, organizationId).map(g -> require(g, id));
    }

    /**
     * An organization's gateways in creation order, streamed from the database as the answer is written: items,
     * then the end (with the next page's token when there is one). Pages are keyset-paginated; an unpaged list
     * answers every gateway from one snapshot and takes one of a bounded number of slots while it runs.
     */
    public Multi<ListPart> listGateways(String organizationId, ListQuery query) {
        int pageSize = pageSize(query.pageSize());
        PageToken after = query.pageToken() == null || query.pageToken().isEmpty()
                ? null
                : PageToken.decode(query.pageToken());
        Multi<ListPart> listing = Multi.createFrom().deferred(() -> paged(organizationId, query.updatedAfter(), after,
                pageSize));
        if (pageSize > 0) {
            return listing;
        }
        return listSlots.acquire().toMulti()
                .onItem().transformToMultiAndConcatenate(slot -> listing.onTermination().invoke(slot::release));
    }

    private Multi<ListPart> paged(String organizationId, Instant updatedAfter, PageToken after, int pageSize) {
        AtomicInteger seen = new AtomicInteger();
        AtomicBoolean more = new AtomicBoolean();
        AtomicReference<StoredGateway> last = new AtomicReference<>();
        AtomicLong snapshot = new AtomicLong();
        Multi<ListPart> items = rows(organizationId, updatedAfter, after, pageSize, snapshot::set)
                .filter(g -> {
                    if (pageSize > 0 && seen.incrementAndGet() > pageSize) {
                        more.set(true); // the row after the page: there is a next page
                        return false;
                    }
                    last.set(g);
                    return true;
                })
                .map(ListPart.Item::new);
        return items.onCompletion().continueWith(() -> {
            long version = after == null ? snapshot.get() : after.resourceVersion();
            String next = more.get() ? new PageToken(last.get().createdAt(), last.get().id(), version).encode() : null;
            return List.of(new ListPart.End(next, version));
        });
    }

    /**
     * The gateways of a listing, and one more for a page (whether another page follows). A page small enough for
     * one statement reads its keys first: when every answer on it is kept, that is all it reads (a page of 100 small
     * gateways is 120 KB of documents PostgreSQL would send and the client decode for nothing); otherwise it reads
     * the page again with its documents, in a snapshot of its own.
     */
    private Multi<StoredGateway> rows(String organizationId, Instant updatedAfter, PageToken after, int pageSize,
            LongConsumer snapshot) {
        Instant afterCreated = after == null ? null : after.createdAt();
        UUID afterId = after == null ? null : after.id();
        int limit = pageSize > 0 ? pageSize + 1 : 0;
        Multi<StoredGateway> read = Multi.createFrom().deferred(() -> reads.stream(organizationId, updatedAfter,
                afterCreated, afterId, limit, snapshot));
        if (!GatewayReads.oneStatement(limit)) {
            return read;
        }
        return reads.pageKeys(organizationId, updatedAfter, afterCreated, afterId, limit)
                .onItem().transformToMulti(page -> {
                    List<StoredGateway> kept = keptPage(page, pageSize);
                    if (kept == null) {
                        return read;
                    }
                    snapshot.accept(page.version());
                    return Multi.createFrom().iterable(kept);
                });
    }

    /** The page's gateways with their kept answers, or null if any answer on the page is not kept. */
    private List<StoredGateway> keptPage(GatewayReads.KeyPage page, int pageSize) {
        List<StoredGateway> kept = new ArrayList<>(page.keys().size());
        for (GatewayReads.Key key : page.keys()) {
            byte[] json = null;
            if (kept.size() < pageSize) { // the row after the page only tells that another page follows
                json = answers.kept(key.id(), key.version());
                if (json == null) {
                    return null;
                }
            }
            kept.add(new KeptGateway(key.id(), key.version(), key.createdAt(), json));
        }
        return kept;
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

    /** 0: every item; otherwise at most {@code gateway.paging.max-page-size}. */
    private int pageSize(Integer requested) {
        if (requested == null || requested == 0) {
            return 0;
        }
        if (requested < 0) {
            throw new InvalidArgumentException("pageSize", "must not be negative");
        }
        return Math.min(requested, config.paging().maxPageSize());
    }
}
