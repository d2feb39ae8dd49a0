package dev.inference.gateway.service;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.GatewayNotFoundException;
import dev.inference.gateway.domain.GatewayVersion;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.StoredGateway;
import dev.inference.gateway.persistence.GatewayReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/** The reads of the Gateway API: parameters, get and list. */
@ApplicationScoped
public class GatewayReadService {
    private final GatewayReads reads;
    private final ListSlots listSlots;
    private final GatewayConfig config;

    GatewayReadService(GatewayReads reads, ListSlots listSlots, GatewayConfig config) {
        this.reads = reads;
        this.listSlots = listSlots;
        this.config = config;
    }

    public List<String> getGatewayParameters() {
        return config.zones();
    }

    public Uni<StoredGateway> getGateway(String organizationId, UUID id) {
        return reads.find(id, organizationId).map(g -> {
            if (g == null) {
                throw new GatewayNotFoundException(id);
            }
            return g;
        });
    }

    /**
     * An organization's gateways in creation order, streamed from the database as the answer is written: items,
     * then the end (with the next page's token when there is one). Pages are keyset-paginated; an unpaged list
     * answers every gateway from one snapshot and takes one of a bounded number of slots while it runs.
     *
     * @param known the versions whose answers the caller already has: a page of up to about a hundred gateways
     *              reads its keys first, and when the caller has every one of them, that is all it reads (a page
     *              of 100 small gateways is 120 KB of documents PostgreSQL would send and the client decode for
     *              nothing); such items are {@link GatewayVersion}s
     */
    public Multi<ListPart> listGateways(String organizationId, ListQuery query, Predicate<GatewayVersion> known) {
        int pageSize = pageSize(query.pageSize());
        PageToken after = query.pageToken() == null || query.pageToken().isEmpty()
                ? null
                : PageToken.decode(query.pageToken());
        Multi<ListPart> listing = Multi.createFrom().deferred(() -> paged(organizationId, query.updatedAfter(), after,
                pageSize, known));
        if (pageSize > 0) {
            return listing;
        }
        return listSlots.acquire().toMulti()
                .onItem().transformToMultiAndConcatenate(slot -> listing.onTermination().invoke(slot::release));
    }

    private Multi<ListPart> paged(String organizationId, Instant updatedAfter, PageToken after, int pageSize,
            Predicate<GatewayVersion> known) {
        AtomicInteger seen = new AtomicInteger();
        AtomicBoolean more = new AtomicBoolean();
        AtomicReference<StoredGateway> last = new AtomicReference<>();
        AtomicLong snapshot = new AtomicLong();
        Multi<ListPart> items = rows(organizationId, updatedAfter, after, pageSize, snapshot::set, known)
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
     * one statement reads its keys first; unless the caller knows every gateway on it, it reads the page again with
     * its documents, in a snapshot of its own.
     */
    private Multi<StoredGateway> rows(String organizationId, Instant updatedAfter, PageToken after, int pageSize,
            LongConsumer snapshot, Predicate<GatewayVersion> known) {
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
                    // the row after the page only tells that another page follows: it is never answered
                    if (!page.keys().stream().limit(pageSize).allMatch(known)) {
                        return read;
                    }
                    snapshot.accept(page.version());
                    return Multi.createFrom().iterable(page.keys());
                });
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
