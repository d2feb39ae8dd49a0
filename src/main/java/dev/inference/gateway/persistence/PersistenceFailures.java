package dev.inference.gateway.persistence;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Classifies failures of the database layer. A failure arrives in many shapes (wrapped by Hibernate, combined
 * in a Mutiny {@link CompositeException} with the failure of a rollback, suppressed), so every test walks the
 * whole tree of causes.
 */
public final class PersistenceFailures {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK = "40P01";
    private static final String QUERY_CANCELED = "57014"; // statement_timeout
    private static final String LOCK_NOT_AVAILABLE = "55P03"; // lock_timeout
    private static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";

    private PersistenceFailures() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return any(failure, t -> sqlState(t, UNIQUE_VIOLATION)
                || t instanceof org.hibernate.exception.ConstraintViolationException);
    }

    /** Two transactions collided (a deadlock or a serialization failure): retrying the request will do. */
    public static boolean isConflict(Throwable failure) {
        return any(failure, t -> sqlState(t, SERIALIZATION_FAILURE) || sqlState(t, DEADLOCK));
    }

    /**
     * Whether the failure means the database cannot serve this request right now: refused or dropped connections,
     * a pool that cannot hand out a connection in time, a server shutting down, a statement or lock wait that hit
     * its time limit, a transaction ended for idling, or a transaction found broken because its connection died.
     */
    public static boolean isUnavailable(Throwable failure) {
        return any(failure, PersistenceFailures::unavailable);
    }

    private static boolean unavailable(Throwable t) {
        if (t instanceof ConnectException || t instanceof TimeoutException
                || t instanceof io.vertx.sqlclient.ClosedConnectionException
                || t instanceof io.netty.channel.ConnectTimeoutException
                || t instanceof java.net.SocketException
                || t instanceof java.nio.channels.ClosedChannelException) {
            return true;
        }
        String state = sqlState(t);
        if (state != null) {
            return state.startsWith("08") || state.startsWith("57P") || state.equals(QUERY_CANCELED)
                    || state.equals(LOCK_NOT_AVAILABLE) || state.equals(IDLE_IN_TRANSACTION_TIMEOUT);
        }
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        // The pool's acquisition timeout is a bare NoStackTraceThrowable("Timeout"); HR000090 is Hibernate
        // Reactive finding a transaction still open on a connection that died under it.
        return message.equals("Timeout") || message.contains("Connection refused") || message.contains("HR000090")
                || message.contains("Timeout") && message.contains("connection");
    }

    private static boolean sqlState(Throwable t, String state) {
        return state.equals(sqlState(t));
    }

    /** The SQLSTATE the failure carries: the driver's own, or Hibernate's translation of it. */
    private static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        if (t instanceof org.hibernate.JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        return t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
    }

    /** Whether any failure in the tree of causes, composites and suppressed failures matches. */
    private static boolean any(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.push(failure);
        }
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            if (t instanceof CompositeException composite) {
                composite.getCauses().forEach(pending::push);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.push(suppressed);
            }
        }
        return false;
    }
}
