package dev.inference.gateway.audit;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.logging.LogThrottle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps the audit trail to {@code gateway.audit.retention} (90 days by default): every
 * {@code gateway.audit.prune-every} it deletes, per organization, every event up to the newest one recorded before
 * the cutoff, so what is kept is always a whole tail of the chain (its oldest event keeps the {@code previousHash}
 * it was written with, and the chain verifies from there). The delete says so for its transaction: the table's
 * trigger refuses any other (migration V9). Every instance runs it; it is idempotent.
 */
@ApplicationScoped
public class AuditRetention {
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    static final String PRUNE = """
            WITH cut AS (
                SELECT organization_id, max(sequence) AS through FROM audit_event
                 WHERE recorded_at < clock_timestamp() - $1::bigint * interval '1 millisecond'
                 GROUP BY organization_id)
            DELETE FROM audit_event e USING cut
             WHERE e.organization_id = cut.organization_id AND e.sequence <= cut.through
            """;

    private final Pool pool;
    private final GatewayConfig.Audit config;
    private final Vertx vertx;
    private final LogThrottle failureLog = new LogThrottle(Duration.ofMinutes(5));
    private long timer = -1;

    AuditRetention(Pool pool, GatewayConfig config, Vertx vertx) {
        this.pool = pool;
        this.config = config.audit();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.pruneEvery().toMillis(), id -> prune().subscribe().with(
                dropped -> {
                    if (dropped > 0) {
                        LOG.infof("audit retention: deleted %d events older than %s", dropped, config.retention());
                    }
                },
                failure -> failureLog.log(suppressed -> LOG.warnf("audit retention failed: %s", failure.toString()))));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes what is older than the retention; answers how many events went. */
    public Uni<Integer> prune() {
        return pool.withTransaction(connection -> connection.query("SET LOCAL gateway.audit_retention = 'on'")
                .execute()
                .chain(() -> connection.preparedQuery(PRUNE).execute(Tuple.of(config.retention().toMillis())))
                .map(rows -> rows.rowCount()));
    }
}
