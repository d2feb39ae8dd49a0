package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.GatewaySpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
     * One claimed gateway x zone, the desired state it was claimed for, and its gateway's generation and spec as
     * they were at the claim ({@code gatewayGeneration} 0 and {@code spec} null if the gateway is gone). The
     * spec carries the secret; {@code WeightsAndBiasesAuth} redacts it in {@code toString}.
     */
    public record Claim(UUID gatewayId, String zone, boolean present, long generation, int attempts,
            long gatewayGeneration, String organizationId, GatewaySpec spec) {
    }

    private static final String CLAIM = """
            WITH due AS (
                SELECT gateway_id, zone FROM gateway_zone
                 WHERE next_attempt_at <= now()
                   AND (lease_expires_at IS NULL OR lease_expires_at < now())
                 ORDER BY next_attempt_at
                 LIMIT $1
                 FOR UPDATE SKIP LOCKED)
            , claimed AS (
                UPDATE gateway_zone z
                   SET lease_owner = $2, lease_expires_at = now() + $3::int * interval '1 millisecond'
                  FROM due
                 WHERE z.gateway_id = due.gateway_id AND z.zone = due.zone
                RETURNING z.gateway_id, z.zone, z.present, z.desired_generation, z.attempts)
            SELECT c.gateway_id, c.zone, c.present, c.desired_generation, c.attempts,
                   g.generation, g.spec, g.api_key, g.organization_id
              FROM claimed c LEFT JOIN gateway g ON g.id = c.gateway_id
            """;

    private static final String RELEASE_ALL = """
            UPDATE gateway_zone SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1
            """;

    private static final String DUE_COUNT = """
            SELECT count(*) FROM gateway_zone WHERE next_attempt_at <= now()
            """;

    private final Pool pool;

    ZoneClaims(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Claim>> claim(String owner, int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, owner, (int) lease.toMillis()))
                .map(rows -> {
                    List<Claim> claims = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String spec = row.getString(6);
                        claims.add(new Claim(row.getUUID(0), row.getString(1), row.getBoolean(2), row.getLong(3),
                                row.getInteger(4), spec == null ? 0 : row.getLong(5), row.getString(8),
                                spec == null ? null : StoredJson.readSpec(spec).withApiKey(row.getString(7))));
                    }
                    return claims;
                });
    }

    /** Gives up every lease an owner holds (on shutdown), so other replicas take the work at once. */
    public Uni<Integer> releaseAll(String owner) {
        return pool.preparedQuery(RELEASE_ALL).execute(Tuple.of(owner)).map(rows -> rows.rowCount());
    }

    /** How many gateway x zone rows are due now (the queue depth). */
    public Uni<Long> dueCount() {
        return pool.query(DUE_COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
