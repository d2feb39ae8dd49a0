package dev.inference.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ZoneRepository implements PanacheRepositoryBase<ZoneEntity, ZoneKey> {

    /**
     * Points every zone row of a gateway at a new desired generation in one statement: the zones in
     * {@code wanted} are to be served (rows created where missing), every other zone is to be torn down; each is
     * due now with a fresh start (no attempts, no error). Only the columns of the desired state are written, so a
     * lease a worker holds on a row stays as it is.
     * <p>
     * A statement without results: Hibernate plans a native query under its SQL and its result mapping, and the
     * mapping it makes for a result class never equals the next one, so a version of this statement that answered
     * the rows as entities added a plan at every call, all under one hash, and every lookup walked them all (a
     * quarter of the CPU of a PATCH load, profiled). {@code QueryPlanReuseTest} holds it.
     */
    static final String DESIRE = """
            WITH wanted(zone) AS (SELECT unnest(string_to_array(:wanted, ',')))
            , updated AS (
                UPDATE gateway_zone z
                   SET present = z.zone IN (SELECT zone FROM wanted), desired_generation = :generation,
                       attempts = 0, failed = false, last_error = NULL, next_attempt_at = :now, desired_at = :now,
                       zone_reason = NULL, zone_message = NULL
                 WHERE z.gateway_id = :gateway)
            INSERT INTO gateway_zone (gateway_id, zone, organization_id, present, desired_generation,
                                      next_attempt_at, desired_at)
            SELECT :gateway, w.zone, :organization, true, :generation, :now, :now FROM wanted w
             WHERE NOT EXISTS (SELECT 1 FROM gateway_zone z WHERE z.gateway_id = :gateway AND z.zone = w.zone)
            """;

    /**
     * Sets the desired state of every zone of a gateway (see {@link #DESIRE}), then answers its zone rows as they
     * are now, loaded into the session after the statement, so nothing is left to flush.
     */
    public Uni<List<ZoneEntity>> desire(UUID gatewayId, String organizationId, long generation, List<String> wanted,
            Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(DESIRE)
                        .setParameter("wanted", String.join(",", wanted))
                        .setParameter("generation", generation)
                        .setParameter("now", at)
                        .setParameter("gateway", gatewayId)
                        .setParameter("organization", organizationId)
                        .executeUpdate())
                .chain(() -> forGateway(gatewayId));
    }

    public Uni<List<ZoneEntity>> forGateway(UUID gatewayId) {
        return list("gatewayId = ?1 order by zone", gatewayId);
    }

    /**
     * Deletes zone rows by key with one bulk statement, never through {@code session.remove}: Hibernate Reactive's
     * entity delete shares one {@code stage} per entity persister across sessions, and of two concurrent deletes
     * one can be lost, leaving its flush (and its transaction and row locks) waiting for ever
     * (hibernate/hibernate-reactive#1713). The rows are detached first so that no pending change is flushed.
     */
    public Uni<Void> deleteRows(List<ZoneEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID gatewayId = rows.get(0).gatewayId;
        List<String> names = rows.stream().map(r -> r.zone).toList();
        return Panache.getSession()
                .invoke(session -> rows.forEach(session::detach))
                .chain(() -> delete("gatewayId = ?1 and zone in ?2", gatewayId, names))
                .replaceWithVoid();
    }
}
