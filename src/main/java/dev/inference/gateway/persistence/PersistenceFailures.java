package dev.inference.gateway.persistence;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Classifies failures of the database layer by walking the cause chain. */
public final class PersistenceFailures {
    private static final String UNIQUE_VIOLATION = "23505";

    private PersistenceFailures() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure means the database cannot be reached right now (refused or dropped connections, a
     * pool that cannot hand out a connection in time, a server shutting down), as opposed to a bug or bad data.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t instanceof java.net.SocketException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true; // connection exceptions, admin shutdown, cannot connect now
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection refused") || message.contains("Timeout")
                    && message.contains("connection"))) {
                return true;
            }
        }
        return false;
    }
}
