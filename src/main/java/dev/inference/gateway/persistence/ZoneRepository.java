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
     * Gives a gateway's zone rows their new targets in one statement: the zones in {@code released} are to serve
     * {@code revision} now (rows created where missing), those in {@code kept} belong to the revision but wait for
     * their wave (left as they are; a missing one is created serving nothing, not due), every other zone is to be
     * torn down. Released and torn-down zones get a new apply token and are due now with a fresh start (no
     * attempts, no error) and a progress deadline of {@code :deadline} ms from their first apply (-1: none). Only the
     * columns of the desired state are written, so a lease a worker holds on a row stays as it is.
     * <p>
     * A statement without results: Hibernate plans a native query under its SQL and its result mapping, and the
     * mapping it makes for a result class never equals the next one, so a version of this statement that answered
     * the rows as entities added a plan at every call, all under one hash, and every lookup walked them all (a
     * quarter of the CPU of a PATCH load, profiled). {@code QueryPlanReuseTest} holds it.
     */
    static final String DESIRE = """
            WITH released(zone) AS (SELECT unnest(string_to_array(:released, ',')))
            , kept(zone) AS (SELECT unnest(string_to_array(:kept, ',')))
            , updated AS (
                UPDATE gateway_zone z
                   SET present = z.zone IN (SELECT zone FROM released),
                       target_revision = CASE WHEN z.zone IN (SELECT zone FROM released) THEN :revision ELSE 0 END,
                       desired_generation = :generation, apply_token = greatest(z.apply_token + 1, :generation),
                       attempts = 0, failed = false, last_error = NULL, next_attempt_at = :now, desired_at = :now,
                       applied_at = NULL, deadline_at = NULL, deadline_ms = NULLIF(:deadline, -1),
                       zone_reason = NULL, zone_message = NULL
                 WHERE z.gateway_id = :gateway AND z.zone NOT IN (SELECT zone FROM kept))
            INSERT INTO gateway_zone (gateway_id, zone, organization_id, present, desired_generation,
                                      next_attempt_at, desired_at, target_revision, apply_token, deadline_ms)
            SELECT CAST(:gateway AS uuid), w.zone, CAST(:organization AS text), true, CAST(:generation AS bigint),
                   CAST(:now AS timestamptz), CAST(:now AS timestamptz), CAST(:revision AS bigint),
                   CAST(:generation AS bigint), NULLIF(CAST(:deadline AS bigint), -1)
              FROM released w
             WHERE NOT EXISTS (SELECT 1 FROM gateway_zone z WHERE z.gateway_id = :gateway AND z.zone = w.zone)
            UNION ALL
            SELECT CAST(:gateway AS uuid), k.zone, CAST(:organization AS text), true, 0, NULL,
                   CAST(:now AS timestamptz), 0, 1, NULL
              FROM kept k
             WHERE NOT EXISTS (SELECT 1 FROM gateway_zone z WHERE z.gateway_id = :gateway AND z.zone = k.zone)
            """;

    /** The new targets of a gateway's zones (see {@link #DESIRE}). */
    public record Targets(long revision, long generation, List<String> released, List<String> kept, Long deadline) {
    }

    /**
     * Sets the targets of every zone of a gateway (see {@link #DESIRE}), then answers its zone rows as they are now,
     * loaded into the session after the statement, so nothing is left to flush.
     */
    public Uni<List<ZoneEntity>> desire(UUID gatewayId, String organizationId, Targets targets, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(DESIRE)
                        .setParameter("released", String.join(",", targets.released()))
                        .setParameter("kept", String.join(",", targets.kept()))
                        .setParameter("revision", targets.revision())
                        .setParameter("generation", targets.generation())
                        .setParameter("deadline", targets.deadline() == null ? -1L : targets.deadline())
                        .setParameter("now", at)
                        .setParameter("gateway", gatewayId)
                        .setParameter("organization", organizationId)
                        .executeUpdate())
                .chain(() -> forGateway(gatewayId));
    }

    /**
     * Makes a gateway's zones program what they serve again, with a new apply token (the same target revision, no
     * new generation): a zone that has converged and is idle is due now with a fresh start and no progress deadline;
     * one with work in flight, retrying, held or failed only gets the new token (its next apply carries it; a step
     * in flight for the old token is superseded). Used when a host name is verified, so drivers program it.
     */
    static final String REAPPLY = """
            UPDATE gateway_zone z
               SET apply_token = z.apply_token + 1,
                   next_attempt_at = CASE WHEN i.idle THEN :now ELSE z.next_attempt_at END,
                   desired_at = CASE WHEN i.idle THEN :now ELSE z.desired_at END,
                   applied_at = CASE WHEN i.idle THEN NULL ELSE z.applied_at END,
                   deadline_at = CASE WHEN i.idle THEN NULL ELSE z.deadline_at END,
                   deadline_ms = CASE WHEN i.idle THEN NULL ELSE z.deadline_ms END
              FROM (SELECT zone, next_attempt_at IS NULL AND observed_token >= apply_token AS idle
                      FROM gateway_zone WHERE gateway_id = :gateway) AS i
             WHERE z.gateway_id = :gateway AND z.zone = i.zone AND z.present AND z.target_revision > 0
            """;

    /** See {@link #REAPPLY}; answers the gateway's zone rows as they are now. */
    public Uni<List<ZoneEntity>> reapply(UUID gatewayId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(REAPPLY)
                        .setParameter("now", now.atOffset(ZoneOffset.UTC))
                        .setParameter("gateway", gatewayId)
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
