package dev.inference.gateway.api.render;

import dev.inference.gateway.api.contract.GatewayMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.inference.gateway.api.contract.GatewayDto;
import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.StoredGateway;
import dev.inference.gateway.domain.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The JSON of gateways as GET and list answer them, kept by id and row version in a bounded amount of memory
 * ({@code gateway.lists.rendered-cache-mib}). Reading the stored documents and writing the answer was seven tenths
 * of a list's CPU and a fifth of a GET's (profiled); a gateway's row version changes with every change to it, so the
 * bytes kept for a version are always the bytes that version would render, and a GET or a list only renders what
 * changed since.
 * <p>
 * A list keeps what it renders for its first {@link #KEPT_PER_LIST} items only, and reads through the cache for
 * the rest: the first page is what clients ask for again and again, while a whole organization of 100,000 gateways
 * is read once; passing it through the cache would evict the hot entries and, as each one lives long enough to be
 * promoted, fill the old generation with garbage that only a full collection (a pause for every request) frees.
 */
@ApplicationScoped
public class RenderedGateways {
    private record Key(UUID id, long version) {
    }

    private static final byte[] ANSWER_START = "{\"gateway\":".getBytes(StandardCharsets.US_ASCII);

    private final ObjectWriter writer;
    private final Cache<Key, byte[]> rendered;

    @Inject
    RenderedGateways(ObjectMapper mapper, GatewayConfig config) {
        this(mapper, (long) config.lists().renderedCacheMib() * 1024 * 1024);
    }

    /** Keeping at most {@code bytes} of answers (none when not positive). */
    RenderedGateways(ObjectMapper mapper, long bytes) {
        this.writer = mapper.writerFor(GatewayDto.class);
        this.rendered = bytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(bytes)
                .weigher((Key key, byte[] json) -> json.length + 64)
                .build();
    }

    /** Items of one list answer whose rendered bytes are kept (the largest page a client is likely to repeat). */
    static final int KEPT_PER_LIST = 100;

    /** The kept JSON of this version of the gateway, or null. */
    public byte[] kept(UUID id, long version) {
        return rendered == null ? null : rendered.getIfPresent(new Key(id, version));
    }

    /** The gateway's JSON, kept for the next list when {@code keep}, else kept only if it already was. */
    public byte[] json(StoredGateway gateway, boolean keep) {
        if (rendered == null) {
            return render(gateway.gateway());
        }
        Key key = new Key(gateway.id(), gateway.version());
        if (keep) {
            return rendered.get(key, k -> render(gateway.gateway()));
        }
        byte[] json = rendered.getIfPresent(key);
        return json != null ? json : render(gateway.gateway());
    }

    /** The JSON of a gateway as a change made it (a watch event's), kept: every watcher of it writes the same. */
    public byte[] json(Gateway gateway) {
        return rendered == null ? render(gateway)
                : rendered.get(new Key(gateway.id(), gateway.version()), k -> render(gateway));
    }

    /**
     * {@code {"gateway": ...}}: the answer of a GET, with the gateway's JSON kept for the next GET or list (a gateway
     * read again and again is rendered once per version).
     */
    public RenderedJson answer(StoredGateway gateway) {
        byte[] json = json(gateway, true);
        byte[] answer = new byte[ANSWER_START.length + json.length + 1];
        System.arraycopy(ANSWER_START, 0, answer, 0, ANSWER_START.length);
        System.arraycopy(json, 0, answer, ANSWER_START.length, json.length);
        answer[answer.length - 1] = '}';
        return new RenderedJson(answer);
    }

    private byte[] render(Gateway gateway) {
        try {
            return writer.writeValueAsBytes(GatewayMapper.toDto(gateway));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
