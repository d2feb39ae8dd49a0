package dev.inference.gateway.api.http;

import dev.inference.gateway.api.render.WatchBodies;
import dev.inference.gateway.domain.InvalidArgumentException;
import jakarta.ws.rs.NotAcceptableException;
import java.util.Locale;

/**
 * What the answer of {@code GET /gateways} is, from the request: a list is JSON (a client that accepts no JSON is
 * answered 406, never a body labelled as something it is not); a watch is newline-delimited JSON labelled
 * {@code application/json} (as Kubernetes labels it), {@code application/x-ndjson} when asked for, or Server-Sent
 * Events. The first media range of {@code Accept} that names one of them decides.
 */
final class Negotiation {
    static final String EVENT_STREAM = "text/event-stream";
    static final String NDJSON = "application/x-ndjson";

    private Negotiation() {
    }

    /** {@code watch} as Kubernetes reads it: {@code true} or {@code 1}; {@code false}, {@code 0} or absent: a list. */
    static boolean watch(String value) {
        if (value == null || value.isEmpty() || value.equals("false") || value.equals("0")) {
            return false;
        }
        if (value.equals("true") || value.equals("1")) {
            return true;
        }
        throw new InvalidArgumentException("watch", "must be true, false, 1 or 0");
    }

    /** The framing of a watch stream. */
    static WatchBodies.Format watchFormat(String accept) {
        for (String range : ranges(accept)) {
            switch (range) {
                case EVENT_STREAM -> {
                    return WatchBodies.Format.SSE;
                }
                case NDJSON -> {
                    return WatchBodies.Format.NDJSON;
                }
                case "application/json", "application/*", "*/*" -> {
                    return WatchBodies.Format.JSON_LINES;
                }
                default -> {
                }
            }
        }
        if (accept == null || accept.isBlank()) {
            return WatchBodies.Format.JSON_LINES;
        }
        throw notAcceptable("a watch is answered as application/json or application/x-ndjson (one event a line) or as "
                + "text/event-stream");
    }

    /**
     * Whether an audit query is an export (newline-delimited JSON, every event oldest first) rather than a page of
     * JSON: the first media range of {@code Accept} that names either decides.
     */
    static boolean ndjsonExport(String accept) {
        for (String range : ranges(accept)) {
            switch (range) {
                case NDJSON -> {
                    return true;
                }
                case "application/json", "application/*", "*/*" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        if (accept == null || accept.isBlank()) {
            return false;
        }
        throw notAcceptable("audit events are answered as application/json (a page) or application/x-ndjson (an "
                + "export of every event)");
    }

    /** A list is JSON: refuses a request that accepts no JSON. */
    static void requireJsonList(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String range : ranges(accept)) {
            if (range.equals("application/json") || range.equals("application/*") || range.equals("*/*")) {
                return;
            }
        }
        throw notAcceptable("a list is answered as application/json; text/event-stream and application/x-ndjson are "
                + "answered with watch=true");
    }

    private static String[] ranges(String accept) {
        if (accept == null) {
            return new String[0];
        }
        String[] ranges = accept.split(",");
        for (int i = 0; i < ranges.length; i++) {
            int parameters = ranges[i].indexOf(';');
            ranges[i] = (parameters < 0 ? ranges[i] : ranges[i].substring(0, parameters)).strip()
                    .toLowerCase(Locale.ROOT);
        }
        return ranges;
    }

    private static NotAcceptableException notAcceptable(String message) {
        return new NotAcceptableException(message);
    }
}
