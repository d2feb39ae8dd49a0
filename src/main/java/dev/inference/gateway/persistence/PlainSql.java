package dev.inference.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs one plain SQL statement (the queries Hibernate has no good form for) on a connection of the shared pool.
 * The connection is taken explicitly rather than through {@code pool.preparedQuery}: with a pool wait limit,
 * that shortcut fails its caller and then, when the limit's timer fires, fails the same promise again, which
 * Vert.x reports as an uncaught "Result is already complete" on every refused connection during an outage
 * (eclipse-vertx/vertx-sql-client#1706).
 */
@ApplicationScoped
public class PlainSql {
    private final Pool pool;

    PlainSql(Pool pool) {
        this.pool = pool;
    }

    public Uni<RowSet<Row>> execute(String sql, Tuple arguments) {
        return pool.withConnection(connection -> connection.preparedQuery(sql).execute(arguments));
    }

    public Uni<RowSet<Row>> execute(String sql) {
        return pool.withConnection(connection -> connection.preparedQuery(sql).execute());
    }
}
