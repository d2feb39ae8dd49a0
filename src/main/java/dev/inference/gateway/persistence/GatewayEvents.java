package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.Gateway;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The change history that the database writes with every change to a gateway (migration V7): per organization,
 * events in commit order, each with its resource version, kept for {@code watch.retention}.
 */
@ApplicationScoped
public class GatewayEvents {
    /** One change: what happened, at which version, and the gateway as it was right after it. */
    public record Event(String type, long resourceVersion, Gateway gateway) {
    }

    /** An organization's clock: the version of its latest event, and the version up to which events are gone. */
    public record Clock(long resourceVersion, long prunedThrough) {
    }

    private static final String CLOCK = """
            SELECT resource_version, pruned_through FROM watch_clock WHERE organization_id = $1
            """;
    private static final String AFTER = "SELECT type, resource_version, " + GatewayReads.COLUMNS
            + " FROM gateway_event WHERE organization_id = $1 AND resource_version > $2"
            + " ORDER BY resource_version LIMIT $3";
    /**
     * Drops the events recorded before the retention cutoff, organization by organization up to a version (so no
     * organization's history has a hole), and moves each clock's pruned mark to it.
     */
    private static final String PRUNE = """
            WITH cut AS (
                SELECT organization_id, max(resource_version) AS through FROM gateway_event
                 WHERE recorded_at < clock_timestamp() - $1::int * interval '1 millisecond'
                 GROUP BY organization_id)
            , dropped AS (
                DELETE FROM gateway_event e USING cut
                 WHERE e.organization_id = cut.organization_id AND e.resource_version <= cut.through
                RETURNING 1)
            , moved AS (
                UPDATE watch_clock c SET pruned_through = cut.through FROM cut
                 WHERE c.organization_id = cut.organization_id AND c.pruned_through < cut.through
                RETURNING 1)
            SELECT (SELECT count(*) FROM dropped), (SELECT count(*) FROM moved)
            """;

    private final PlainSql sql;

    GatewayEvents(PlainSql sql) {
        this.sql = sql;
    }

    public Uni<Clock> clock(String organizationId) {
        return sql.execute(CLOCK, Tuple.of(organizationId)).map(rows -> {
            if (rows.size() == 0) {
                return new Clock(0, 0);
            }
            Row row = rows.iterator().next();
            return new Clock(row.getLong(0), row.getLong(1));
        });
    }

    /** Up to {@code limit} events of an organization after a version, in order. */
    public Uni<List<Event>> after(String organizationId, long resourceVersion, int limit) {
        return sql.execute(AFTER, Tuple.of(organizationId, resourceVersion, limit)).map(rows -> {
            List<Event> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new Event(row.getString("type"), row.getLong("resource_version"),
                        GatewayReads.toGateway(row)));
            }
            return events;
        });
    }

    /** Drops what is older than the retention; answers how many events went. */
    public Uni<Long> prune(Duration retention) {
        return sql.execute(PRUNE, Tuple.of((int) Math.min(Integer.MAX_VALUE, retention.toMillis())))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
