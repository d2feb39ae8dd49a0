package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.Revision;
import dev.inference.gateway.domain.RevisionOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A gateway's revisions ({@code gateway_revision}): written in the transaction of the change that makes them, with
 * the secret as it was (copied sealed from {@code gateway_secret}), pruned to the history limit (the stable revision
 * always kept), and read for the revisions API. Fixed statements only, so Hibernate plans each once.
 */
@ApplicationScoped
public class RevisionStore {
    /**
     * A new revision, in progress, with the gateway's secret as it is now; and in the same statement the history
     * pruned: revisions older than {@code :oldest} go, but never the stable one.
     */
    static final String CREATE = """
            WITH made AS (
                INSERT INTO gateway_revision (gateway_id, revision, generation, spec, key_id, sealed, created_at,
                                              outcome, reason)
                SELECT :gateway, :revision, :generation, :spec, s.key_id, s.sealed, :now,
                       'REVISION_OUTCOME_IN_PROGRESS', :reason
                  FROM (SELECT 1) one LEFT JOIN gateway_secret s ON s.gateway_id = :gateway
                RETURNING 1)
            DELETE FROM gateway_revision
             WHERE gateway_id = :gateway AND revision < :oldest AND revision <> :stable
               AND EXISTS (SELECT 1 FROM made)
            """;
    static final String OUTCOME = """
            UPDATE gateway_revision SET outcome = :outcome, reason = :reason
             WHERE gateway_id = :gateway AND revision = :revision AND outcome <> :outcome
            """;
    /** The gateway's secret becomes the one a revision kept (none, if it kept none). */
    static final String RESTORE_SECRET = """
            WITH gone AS (DELETE FROM gateway_secret WHERE gateway_id = :gateway RETURNING 1)
            INSERT INTO gateway_secret (gateway_id, key_id, sealed)
            SELECT gateway_id, key_id, sealed FROM gateway_revision
             WHERE gateway_id = :gateway AND revision = :revision AND key_id IS NOT NULL
               AND (SELECT count(*) FROM gone) >= 0
            """;
    private static final String PAGE = "SELECT revision, generation, spec, created_at, outcome, reason"
            + " FROM gateway_revision WHERE gateway_id = $1 AND revision < $2 ORDER BY revision DESC LIMIT $3";

    private final PlainSql sql;

    RevisionStore(PlainSql sql) {
        this.sql = sql;
    }

    /**
     * Records a new revision in the current transaction (flush the gateway's secret first) and prunes the history to
     * {@code limit} revisions besides this one and the stable one.
     */
    public Uni<Void> create(UUID gatewayId, long revision, long generation, GatewaySpec spec, long stable, int limit,
            String reason, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CREATE)
                .setParameter("gateway", gatewayId)
                .setParameter("revision", revision)
                .setParameter("generation", generation)
                .setParameter("spec", StoredJson.writeSpec(spec))
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("reason", reason)
                .setParameter("oldest", revision - limit)
                .setParameter("stable", stable)
                .executeUpdate()).replaceWithVoid();
    }

    /** Sets what became of a revision, in the current transaction. */
    public Uni<Void> outcome(UUID gatewayId, long revision, RevisionOutcome outcome, String reason) {
        return Panache.getSession().chain(session -> session.createNativeQuery(OUTCOME)
                .setParameter("gateway", gatewayId)
                .setParameter("revision", revision)
                .setParameter("outcome", outcome.name())
                .setParameter("reason", reason)
                .executeUpdate()).replaceWithVoid();
    }

    /** The gateway's stored secret becomes the one the revision kept, in the current transaction. */
    public Uni<Void> restoreSecret(UUID gatewayId, long revision) {
        return Panache.getSession().chain(session -> session.createNativeQuery(RESTORE_SECRET)
                .setParameter("gateway", gatewayId)
                .setParameter("revision", revision)
                .executeUpdate()).replaceWithVoid();
    }

    /** Up to {@code limit} revisions older than {@code before}, newest first. */
    public Uni<List<Revision>> page(UUID gatewayId, long before, int limit) {
        return sql.execute(PAGE, Tuple.of(gatewayId, before, limit)).map(rows -> {
            List<Revision> page = new ArrayList<>(rows.size());
            for (Row row : rows) {
                page.add(revision(row));
            }
            return page;
        });
    }

    /** One revision, or null, in the current transaction's session (for a rollback). */
    public Uni<Revision> find(UUID gatewayId, long revision) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT revision, generation, spec, created_at, outcome, reason FROM gateway_revision"
                                + " WHERE gateway_id = :gateway AND revision = :revision", Object[].class)
                .setParameter("gateway", gatewayId)
                .setParameter("revision", revision)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : revision(rows.get(0)));
    }

    /** The numbers of the revisions a gateway keeps, newest first (for messages). */
    public Uni<List<Long>> numbers(UUID gatewayId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT revision FROM gateway_revision WHERE gateway_id = :gateway ORDER BY revision DESC",
                        Long.class)
                .setParameter("gateway", gatewayId)
                .getResultList());
    }

    private static Revision revision(Row row) {
        return new Revision(row.getLong(0), row.getLong(1), StoredJson.readSpec(row.getString(2)),
                row.getOffsetDateTime(3).toInstant(), RevisionOutcome.valueOf(row.getString(4)), row.getString(5));
    }

    private static Revision revision(Object[] row) {
        Instant created = row[3] instanceof OffsetDateTime t ? t.toInstant() : (Instant) row[3];
        return new Revision(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                StoredJson.readSpec((String) row[2]), created, RevisionOutcome.valueOf((String) row[4]),
                (String) row[5]);
    }
}
