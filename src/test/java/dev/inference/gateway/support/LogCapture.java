package dev.inference.gateway.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the log lines of the service running in the test JVM, from creation until {@link #close()}. */
public final class LogCapture implements AutoCloseable {
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogCapture() {
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    /** Captured records at {@code level} or above, rendered as "LEVEL logger: message" (with parameters). */
    public List<String> lines(Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).map(LogCapture::render)
                    .toList();
        }
    }

    private static String render(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (parameters != null && message != null) {
            try {
                message = String.format(message, parameters);
            } catch (RuntimeException e) {
                message = message + " " + java.util.Arrays.toString(parameters);
            }
        }
        String thrown = record.getThrown() == null ? "" : " " + record.getThrown();
        return record.getLevel() + " " + record.getLoggerName() + ": " + message + thrown;
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
