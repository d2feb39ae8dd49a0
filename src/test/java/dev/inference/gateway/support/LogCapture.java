package dev.inference.gateway.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

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

    /**
     * Captured records at {@code level} or above, each rendered as one string: "LEVEL logger: message" (formatted
     * as the log would show it), then its raw parameters and the stack trace of its exception, if any, so that
     * nothing a record carries escapes a search.
     */
    public List<String> lines(Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).map(LogCapture::render)
                    .toList();
        }
    }

    private static String render(LogRecord record) {
        StringBuilder text = new StringBuilder().append(record.getLevel()).append(' ').append(record.getLoggerName())
                .append(": ").append(formatted(record));
        if (record.getParameters() != null && record.getParameters().length > 0) {
            text.append(" ").append(Arrays.toString(record.getParameters()));
        }
        if (record.getThrown() != null) {
            StringWriter stack = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(stack));
            text.append(' ').append(stack);
        }
        return text.toString();
    }

    private static String formatted(LogRecord record) {
        try {
            return record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                    : new SimpleFormatter().formatMessage(record);
        } catch (RuntimeException e) {
            return String.valueOf(record.getMessage());
        }
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
