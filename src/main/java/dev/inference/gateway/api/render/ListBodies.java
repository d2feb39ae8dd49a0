package dev.inference.gateway.api.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.inference.gateway.domain.GatewayVersion;
import dev.inference.gateway.service.ListPart;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Renders list answers chunk by chunk: {@code {"items":[...]}}, then {@code "nextPageToken"} when there is a next
 * page and the {@code "resourceVersion"} to watch from, the bytes a list built in memory would have. Items are
 * copied once, into the buffer of the chunk that is written; their JSON comes from {@link RenderedGateways}.
 */
@ApplicationScoped
public class ListBodies {
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
    private final ObjectWriter strings;

    ListBodies(ObjectMapper mapper, RenderedGateways rendered) {
        this.rendered = rendered;
        this.strings = mapper.writerFor(String.class);
    }

    /**
     * The answer of a listing, which is told the versions whose answers are kept already (it need not read their
     * documents: those items come as {@link GatewayVersion}s and are written from the kept bytes).
     */
    public ChunkedBody list(Function<Predicate<GatewayVersion>, Multi<ListPart>> listing) {
        KeptVersions kept = new KeptVersions(rendered);
        ListChunks chunks = new ListChunks();
        // One map and one filter for the whole list: an inner stream per item (concatMap) cost an allocation-heavy
        // subscription per gateway.
        return new ChunkedBody(MediaType.APPLICATION_JSON, listing.apply(kept).map(part -> {
            if (part instanceof ListPart.Item item) {
                int before = chunks.written++;
                Buffer pending = chunks.pending();
                pending.appendBytes(before == 0 ? START : COMMA);
                pending.appendBytes(item.gateway() instanceof GatewayVersion version ? kept.json(version)
                        : rendered.json(item.gateway(), before < RenderedGateways.KEPT_PER_LIST));
                return pending.length() < CHUNK ? NOT_YET : chunks.drain();
            }
            ListPart.End end = (ListPart.End) part;
            StringBuilder tail = new StringBuilder(chunks.written == 0 ? "{\"items\":[]" : "]");
            if (end.nextPageToken() != null) {
                tail.append(",\"nextPageToken\":").append(quoted(end.nextPageToken()));
            }
            tail.append(",\"resourceVersion\":\"").append(end.resourceVersion()).append("\"}");
            return chunks.pending().appendString(tail.toString(), "UTF-8");
        }).filter(chunk -> chunk != NOT_YET));
    }

    private String quoted(String value) {
        try {
            return strings.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
}
