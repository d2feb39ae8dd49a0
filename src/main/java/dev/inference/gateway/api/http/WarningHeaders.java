package dev.inference.gateway.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * Unknown JSON members are ignored but named in the answer, one {@code Warning: 299 - "unknown field \"x\""}
 * header each (as Kubernetes does). The body reader records them on the request; this filter writes them on the
 * answer, whatever its status (a 400 for another field still tells which members were ignored).
 */
public class WarningHeaders {
    private static final String PROPERTY = WarningHeaders.class.getName();

    static void unknownFields(ResteasyReactiveRequestContext request, List<String> fields) {
        if (!fields.isEmpty()) {
            request.setProperty(PROPERTY, fields);
        }
    }

    @ServerResponseFilter
    public void write(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PROPERTY) instanceof List<?> fields) {
            for (Object field : fields) {
                response.getHeaders().add("Warning", "299 - \"unknown field \\\"" + headerSafe(field.toString())
                        + "\\\"\"");
            }
        }
    }

    /**
     * A client-chosen field name made safe to quote inside the Warning header's quoted-string: printable ASCII
     * only (anything else, CR/LF and NUL included, would break or inject headers), shortened when long.
     */
    static String headerSafe(String field) {
        String shown = field.length() > 100 ? field.substring(0, 100) + "..." : field;
        StringBuilder safe = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"') {
                safe.append('\'');
            } else if (c == '\\') {
                safe.append("\\\\");
            } else if (c < 0x20 || c > 0x7e) {
                safe.append(String.format("\\\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        return safe.toString();
    }
}
