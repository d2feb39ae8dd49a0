package dev.inference.gateway.persistence;

import dev.inference.gateway.config.DatabaseConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates the reactive connection pool (the one Hibernate Reactive and the plain SQL queries share) with the
 * time limits of {@link DatabaseConfig}: a bounded wait for a connection, and on every connection PostgreSQL's
 * own statement, lock and idle-in-transaction timeouts, sent as start-up parameters.
 */
@Singleton
public class DatabasePool implements PgPoolCreator {
    private final DatabaseConfig config;

    DatabasePool(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        input.poolOptions()
                .setConnectionTimeout((int) Math.max(1, config.acquireTimeout().toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.addProperty("statement_timeout", Long.toString(config.statementTimeout().toMillis()))
                    .addProperty("lock_timeout", Long.toString(config.lockTimeout().toMillis()))
                    .addProperty("idle_in_transaction_session_timeout",
                            Long.toString(config.idleInTransactionTimeout().toMillis()));
        }
        return PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(List.<SqlConnectOptions>copyOf(input.pgConnectOptionsList()))
                .using(input.vertx())
                .build();
    }
}
