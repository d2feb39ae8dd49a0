package dev.inference.gateway.audit;

import dev.inference.gateway.persistence.PlainSql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads an organization's events: a page newest first, or all of them oldest first for an export. */
@ApplicationScoped
public class AuditReader {
    private static final String FILTER = """
             WHERE organization_id = $1
               AND ($3::uuid IS NULL OR gateway_id = $3::uuid)
               AND ($4::text IS NULL OR actor = $4::text OR right(actor, length($4::text) + 1) = '#' || $4::text)
               AND ($5::timestamptz IS NULL OR recorded_at > $5::timestamptz)
               AND ($6::timestamptz IS NULL OR recorded_at < $6::timestamptz)
            """;
    private static final String NEWEST_FIRST = "SELECT sequence, body, previous_hash, hash FROM audit_event" + FILTER
            + " AND sequence < $2 ORDER BY sequence DESC LIMIT $7";
    private static final String OLDEST_FIRST = "SELECT sequence, body, previous_hash, hash FROM audit_event" + FILTER
            + " AND sequence > $2 ORDER BY sequence LIMIT $7";
    private static final int EXPORT_BATCH = 500;

    private final PlainSql sql;

    AuditReader(PlainSql sql) {
        this.sql = sql;
    }

    /** Up to {@code limit} events older than sequence {@code before}, newest first. */
    public Uni<List<StoredEvent>> page(String organizationId, AuditQuery query, long before, int limit) {
        return read(NEWEST_FIRST, organizationId, query, before, limit);
    }

    /** Every matching event, oldest first, read in batches as the stream is consumed. */
    public Multi<StoredEvent> export(String organizationId, AuditQuery query) {
        return Multi.createBy().repeating()
                .uni(() -> new long[] { 0 }, last -> read(OLDEST_FIRST, organizationId, query, last[0], EXPORT_BATCH)
                        .invoke(batch -> {
                            if (!batch.isEmpty()) {
                                last[0] = batch.get(batch.size() - 1).sequence();
                            }
                        }))
                .whilst(batch -> batch.size() == EXPORT_BATCH)
                .onItem().transformToIterable(batch -> batch);
    }

    private Uni<List<StoredEvent>> read(String statement, String organizationId, AuditQuery query, long from,
            int limit) {
        Tuple arguments = Tuple.tuple()
                .addString(organizationId)
                .addLong(from)
                .addUUID(query.gatewayId())
                .addString(query.actor())
                .addOffsetDateTime(at(query.after()))
                .addOffsetDateTime(at(query.before()))
                .addInteger(limit);
        return sql.execute(statement, arguments).map(rows -> {
            List<StoredEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new StoredEvent(row.getLong(0), row.getString(1), row.getString(2), row.getString(3)));
            }
            return events;
        });
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
