package dev.inference.gateway.api.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.audit.CanonicalJson;
import dev.inference.gateway.audit.StoredEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * An audit event as the API answers it: {@code sequence}, the fields of its stored body, {@code previousHash} and
 * {@code hash}. The body's fields are what the hash covers (see {@code audit.AuditLog}).
 */
public final class AuditEvents {
    private AuditEvents() {
    }

    public static JsonNode render(StoredEvent event) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("sequence", event.sequence());
        out.setAll((ObjectNode) CanonicalJson.read(event.body()));
        out.put("previousHash", event.previousHash());
        out.put("hash", event.hash());
        return out;
    }

    /** One event as a line of newline-delimited JSON. */
    public static Buffer line(StoredEvent event) {
        return Buffer.buffer((render(event).toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
