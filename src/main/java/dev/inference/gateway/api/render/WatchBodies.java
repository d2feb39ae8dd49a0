package dev.inference.gateway.api.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.inference.gateway.api.contract.ErrorBody;
import dev.inference.gateway.api.contract.GrpcCode;
import dev.inference.gateway.api.contract.WatchEventDto;
import dev.inference.gateway.service.watch.WatchEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders watch streams: one JSON object a line (newline-delimited JSON, as Kubernetes does), or Server-Sent Events
 * whose {@code event} is the type, {@code id} the resource version (so that a browser's EventSource resumes by
 * itself) and {@code data} the same JSON. A change's gateway is rendered once per version however many watchers
 * write it ({@link RenderedGateways}); the headers go out at once.
 */
@ApplicationScoped
public class WatchBodies {
    /** How a watch stream is framed, and the content type it is labelled with. */
    public enum Format {
        /** One event a line, labelled {@code application/json} as Kubernetes labels its watch streams. */
        JSON_LINES("application/json"),
        /** One event a line, labelled as what it is (asked for with {@code Accept: application/x-ndjson}). */
        NDJSON("application/x-ndjson"),
        /** Server-Sent Events (asked for with {@code Accept: text/event-stream}). */
        SSE("text/event-stream");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    private final RenderedGateways rendered;
    private final ObjectWriter events;

    WatchBodies(ObjectMapper mapper, RenderedGateways rendered) {
        this.rendered = rendered;
        this.events = mapper.writerFor(WatchEventDto.class);
    }

    public ChunkedBody watch(Multi<WatchEvent> stream, Format format) {
        Multi<Buffer> chunks = stream.map(event -> format == Format.SSE ? sse(event) : line(event));
        return new ChunkedBody(format.contentType(),
                Multi.createBy().concatenating().streams(Multi.createFrom().item(Buffer.buffer(0)), chunks));
    }

    private Buffer line(WatchEvent event) {
        byte[] json = render(event);
        return Buffer.buffer(json.length + 1).appendBytes(json).appendByte((byte) '\n');
    }

    private Buffer sse(WatchEvent event) {
        StringBuilder frame = new StringBuilder("event: ").append(type(event)).append('\n');
        if (event.resourceVersion() >= 0) {
            frame.append("id: ").append(event.resourceVersion()).append('\n');
        }
        byte[] json = render(event);
        return Buffer.buffer(frame.length() + 6 + json.length + 2).appendString(frame.append("data: ").toString())
                .appendBytes(json).appendString("\n\n");
    }

    /**
     * A change is the bytes Jackson would write for its {@link WatchEventDto}, with the gateway's kept JSON inside
     * (type and version are plain ASCII: no escaping needed).
     */
    private byte[] render(WatchEvent event) {
        String version = event.resourceVersion() >= 0 ? Long.toString(event.resourceVersion()) : null;
        if (event instanceof WatchEvent.Change change) {
            byte[] head = ("{\"type\":\"" + change.type() + "\",\"resourceVersion\":\"" + version + "\",\"gateway\":")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] gateway = rendered.json(change.gateway());
            byte[] json = new byte[head.length + gateway.length + 1];
            System.arraycopy(head, 0, json, 0, head.length);
            System.arraycopy(gateway, 0, json, head.length, gateway.length);
            json[json.length - 1] = '}';
            return json;
        }
        if (event instanceof WatchEvent.Expired expired) {
            return json(new WatchEventDto("ERROR", version, null, ErrorBody.of(GrpcCode.ABORTED, expired.message())));
        }
        return json(new WatchEventDto("BOOKMARK", version, null, null));
    }

    private static String type(WatchEvent event) {
        if (event instanceof WatchEvent.Change change) {
            return change.type();
        }
        return event instanceof WatchEvent.Expired ? "ERROR" : "BOOKMARK";
    }

    private byte[] json(Object value) {
        try {
            return events.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
