package dev.inference.gateway.api.render;

import dev.inference.gateway.api.contract.GatewayMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.inference.gateway.api.contract.WatchEventDto;
import dev.inference.gateway.api.contract.ErrorBody;
import dev.inference.gateway.api.contract.GrpcCode;
import dev.inference.gateway.service.ListPart;
import dev.inference.gateway.service.WatchEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Renders the streamed answers, chunk by chunk: lists, and watches (newline-delimited JSON or Server-Sent Events). */
@ApplicationScoped
public class GatewayStreams {
    public static final String EVENT_STREAM = "text/event-stream";
    private static final byte[] START = "{\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA = { ',' };
    /**
     * A list's items are written in chunks of about this size: one write per item cost more in the HTTP layer
     * (chunk framing, a promise, a flush each) than rendering the item; memory stays bounded by one chunk.
     */
    private static final int CHUNK = 32 * 1024;
    /** Room for one more item beyond a chunk before the buffer grows. */
    private static final int CHUNK_ROOM = 8 * 1024;
    /** What an item that does not complete a chunk maps to (filtered out; never written to). */
    private static final Buffer NOT_YET = Buffer.buffer(0);

    private final RenderedGateways rendered;
    private final ObjectWriter events;
    private final ObjectWriter strings;

    GatewayStreams(ObjectMapper mapper, RenderedGateways rendered) {
        this.rendered = rendered;
        this.events = mapper.writerFor(WatchEventDto.class);
        this.strings = mapper.writerFor(String.class);
    }

    /**
     * {@code {"items":[...]}}, then {@code "nextPageToken"} when there is a next page and the
     * {@code "resourceVersion"} to watch from: the bytes a list built in memory would have. Items are copied once,
     * into the buffer of the chunk that is written.
     */
    public ChunkedBody list(Multi<ListPart> parts) {
        ListChunks chunks = new ListChunks();
        // One map and one filter for the whole list: an inner stream per item (concatMap) cost an allocation-heavy
        // subscription per gateway.
        return new ChunkedBody(MediaType.APPLICATION_JSON, parts.map(part -> {
            if (part instanceof ListPart.Item item) {
                int before = chunks.written++;
                Buffer pending = chunks.pending();
                pending.appendBytes(before == 0 ? START : COMMA);
                pending.appendBytes(rendered.json(item.gateway(), before < RenderedGateways.KEPT_PER_LIST));
                return pending.length() < CHUNK ? NOT_YET : chunks.drain();
            }
            ListPart.End end = (ListPart.End) part;
            StringBuilder tail = new StringBuilder(chunks.written == 0 ? "{\"items\":[]" : "]");
            if (end.nextPageToken() != null) {
                tail.append(",\"nextPageToken\":").append(new String(json(strings, end.nextPageToken()),
                        StandardCharsets.UTF_8));
            }
            tail.append(",\"resourceVersion\":\"").append(end.resourceVersion()).append("\"}");
            return chunks.pending().appendString(tail.toString(), "UTF-8");
        }).filter(chunk -> chunk != NOT_YET));
    }

    /** The items written so far, and the chunk being filled (made when the first item of a chunk comes). */
    private static final class ListChunks {
        int written;
        private Buffer pending;

        Buffer pending() {
            if (pending == null) {
                pending = Buffer.buffer(CHUNK + CHUNK_ROOM);
            }
            return pending;
        }

        /** The chunk filled so far, handed over to be written; the next item starts another. */
        Buffer drain() {
            Buffer chunk = pending;
            pending = null;
            return chunk;
        }
    }

    /**
     * A watch: one JSON object a line ({@code application/json}, as Kubernetes does), or with
     * {@code sse} Server-Sent Events whose {@code event} is the type, {@code id} the resource version (so that
     * a browser's EventSource resumes by itself) and {@code data} the same JSON. The headers go out at once.
     */
    public ChunkedBody watch(Multi<WatchEvent> stream, boolean sse) {
        Multi<Buffer> chunks = stream.map(event -> sse ? sse(event) : line(event));
        return new ChunkedBody(sse ? EVENT_STREAM : MediaType.APPLICATION_JSON,
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

    private byte[] render(WatchEvent event) {
        if (event instanceof WatchEvent.Change change) {
            return change.rendered(c -> json(events, new WatchEventDto(c.type(),
                    Long.toString(c.resourceVersion()), GatewayMapper.toDto(c.gateway()), null)));
        }
        String version = event.resourceVersion() >= 0 ? Long.toString(event.resourceVersion()) : null;
        if (event instanceof WatchEvent.Expired expired) {
            return json(events, new WatchEventDto("ERROR", version, null,
                    ErrorBody.of(GrpcCode.ABORTED, expired.message())));
        }
        return json(events, new WatchEventDto("BOOKMARK", version, null, null));
    }

    private static String type(WatchEvent event) {
        if (event instanceof WatchEvent.Change change) {
            return change.type();
        }
        return event instanceof WatchEvent.Expired ? "ERROR" : "BOOKMARK";
    }

    private static byte[] json(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}
