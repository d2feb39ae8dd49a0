package dev.inference.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Time limits on the database work of this instance ({@code gateway.database.*}). No statement, lock wait or open
 * transaction may hold a connection or a lock for ever: PostgreSQL ends them server-side, so even a pipeline that
 * lost track of its transaction (hibernate-reactive#1713) gives its locks back.
 */
@ConfigMapping(prefix = "gateway.database")
public interface DatabaseConfig {

    /** Longest wait for a free connection of the pool; then the request answers 503 UNAVAILABLE. */
    @WithDefault("5s")
    Duration acquireTimeout();

    /** Longest a statement may run ({@code statement_timeout}); lock waits count too. */
    @WithDefault("10s")
    Duration statementTimeout();

    /** Longest a statement waits for a row lock ({@code lock_timeout}). */
    @WithDefault("5s")
    Duration lockTimeout();

    /**
     * Longest a unit of database work (a request's transaction, a rollout step's record) may take before its caller
     * stops waiting and the request answers 503 UNAVAILABLE.
     */
    @WithDefault("15s")
    Duration transactionTimeout();

    /** Longest a transaction may stay open without a statement running ({@code idle_in_transaction_session_timeout}). */
    @WithDefault("15s")
    Duration idleInTransactionTimeout();
}
