package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.GatewaySpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The workers' queue, which is the gateway_zone table itself: due rows (next_attempt_at passed) that no live
 * lease holds are claimed with {@code FOR UPDATE SKIP LOCKED} and leased to one owner, so concurrent workers
 * and replicas never take the same gateway x zone, and a lease left by a dead process expires.
 */
@ApplicationScoped
public class ZoneClaims {
    /**
     * One claimed gateway x zone: the target it was claimed for (its apply token, revision and spec generation), the
     * revision's spec with its secret as it was ({@code spec} null if the gateway or the revision is gone), and whether
     * this is the first step of the target (not a retry, not a look after a pending one), and the gateway's host
     * names that are not verified yet (never programmed: the zones converge again once one is). The spec carries the secret;
     * {@code WeightsAndBiasesAuth} redacts it in {@code toString}.
     */
    public record Claim(UUID gatewayId, String zone, boolean present, long token, int attempts, String organizationId,
            GatewaySpec spec, Instant desiredAt, boolean firstStep, long revision, long generation,
            List<String> unverifiedDns) {
    }

    /**
     * Claims up to $1 due rows, shared fairly across organizations: an organization's k-th due row ranks after
     * its steps already in flight, so the organization with the fewest steps running goes first and one
     * organization's burst cannot starve another's single gateway (ties go to the row due longest). The
     * organizations with due work are found by a loose index scan of gateway_zone_org_due_idx; their steps in
     * flight are counted up to 1,000, once per organization and claim (MATERIALIZED: inlined, the count ran once
     * per candidate row and a backlog of 45,000 rows made a claim take half a second); each one's due rows are locked with SKIP LOCKED, so concurrent claims (other
     * workers, other replicas) never take the same row.
     */
    private static final String CLAIM = """
            WITH RECURSIVE orgs(org) AS MATERIALIZED (
                SELECT min(organization_id) FROM gateway_zone WHERE next_attempt_at <= now()
              UNION ALL
                SELECT (SELECT min(organization_id) FROM gateway_zone
                         WHERE next_attempt_at <= now() AND organization_id > orgs.org)
                  FROM orgs WHERE orgs.org IS NOT NULL)
            , busy AS MATERIALIZED (
                SELECT orgs.org, (SELECT count(*) FROM (
                        SELECT 1 FROM gateway_zone b
                         WHERE b.organization_id = orgs.org AND b.next_attempt_at <= now()
                           AND b.lease_expires_at >= now()
                         LIMIT 1000) running) AS running
                  FROM orgs WHERE orgs.org IS NOT NULL)
            , candidates AS (
                SELECT d.gateway_id, d.zone, d.next_attempt_at,
                       busy.running + row_number() OVER (PARTITION BY busy.org ORDER BY d.next_attempt_at) AS rank
                  FROM busy CROSS JOIN LATERAL (
                        SELECT z.gateway_id, z.zone, z.next_attempt_at FROM gateway_zone z
                         WHERE z.organization_id = busy.org AND z.next_attempt_at <= now()
                           AND (z.lease_expires_at IS NULL OR z.lease_expires_at < now())
                         ORDER BY z.next_attempt_at
                         LIMIT $1
                         FOR UPDATE SKIP LOCKED) d)
            , due AS (
                SELECT gateway_id, zone FROM candidates ORDER BY rank, next_attempt_at LIMIT $1)
            , claimed AS (
                UPDATE gateway_zone z
                   SET lease_owner = $2, lease_expires_at = now() + $3::int * interval '1 millisecond',
                       applied_at = CASE WHEN z.present THEN coalesce(z.applied_at, now()) END,
                       deadline_at = CASE WHEN z.present AND z.deadline_ms IS NOT NULL
                                          THEN coalesce(z.deadline_at, now() + z.deadline_ms * interval '1 millisecond')
                                     END
                  FROM due
                 WHERE z.gateway_id = due.gateway_id AND z.zone = due.zone
                RETURNING z.gateway_id, z.zone, z.present, z.apply_token, z.attempts, z.desired_at,
                          z.next_attempt_at = z.desired_at AS first_step, z.target_revision, z.desired_generation)
            SELECT c.gateway_id, c.zone, c.present, c.apply_token, c.attempts, r.spec, g.organization_id, r.key_id,
                   r.sealed, c.desired_at, c.first_step, c.target_revision, c.desired_generation,
                   (SELECT string_agg(h.name, ',') FROM host_claim h
                     WHERE h.gateway_id = c.gateway_id AND h.verified_at IS NULL) AS unverified
              FROM claimed c LEFT JOIN gateway g ON g.id = c.gateway_id
                   LEFT JOIN gateway_revision r ON r.gateway_id = c.gateway_id AND r.revision = c.target_revision
            """;

    private static final String RELEASE_ALL = """
            UPDATE gateway_zone SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1
            """;

    private static final String ANY_DUE = """
            SELECT EXISTS (SELECT 1 FROM gateway_zone WHERE next_attempt_at <= now())
            """;

    private static final String BY_STATUS = "SELECT status, count(*) FROM gateway GROUP BY status";

    private static final String DUE_COUNT = """
            SELECT count(*) FROM gateway_zone WHERE next_attempt_at <= now()
            """;

    private final PlainSql sql;
    private final GatewaySecretRepository secrets;

    ZoneClaims(PlainSql sql, GatewaySecretRepository secrets) {
        this.sql = sql;
        this.secrets = secrets;
    }

    public Uni<List<Claim>> claim(String owner, int limit, Duration lease) {
        return sql.execute(CLAIM, Tuple.of(limit, owner, (int) lease.toMillis()))
                .map(rows -> {
                    List<Claim> claims = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String spec = row.getString(5);
                        UUID gatewayId = row.getUUID(0);
                        claims.add(new Claim(gatewayId, row.getString(1), row.getBoolean(2), row.getLong(3),
                                row.getInteger(4), row.getString(6),
                                spec == null ? null : StoredJson.readSpec(spec).withApiKey(secrets.open(gatewayId,
                                        row.getString(7), row.getBuffer(8) == null ? null : row.getBuffer(8).getBytes())),
                                row.getOffsetDateTime(9).toInstant(), row.getBoolean(10), row.getLong(11),
                                row.getLong(12), row.getString(13) == null ? List.of()
                                        : List.of(row.getString(13).split(","))));
                    }
                    return claims;
                });
    }

    /** Gives up every lease an owner holds (on shutdown), so other replicas take the work at once. */
    public Uni<Integer> releaseAll(String owner) {
        return sql.execute(RELEASE_ALL, Tuple.of(owner)).map(rows -> rows.rowCount());
    }

    /** Whether any gateway x zone row is due now, leased or not. */
    public Uni<Boolean> anyDue() {
        return sql.execute(ANY_DUE).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** How many gateways there are in each status (all organizations), for the metrics. */
    public Uni<java.util.Map<String, Long>> countByStatus() {
        return sql.execute(BY_STATUS).map(rows -> {
            java.util.Map<String, Long> counts = new java.util.HashMap<>();
            for (Row row : rows) {
                counts.put(row.getString(0), row.getLong(1));
            }
            return counts;
        });
    }

    /** How many gateway x zone rows are due now (the queue depth). */
    public Uni<Long> dueCount() {
        return sql.execute(DUE_COUNT).map(rows -> rows.iterator().next().getLong(0));
    }
}
