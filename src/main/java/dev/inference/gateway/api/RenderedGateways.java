package dev.inference.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.inference.gateway.api.dto.GatewayDto;
import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.StoredGateway;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The JSON of listed gateways, kept by id and row version in a bounded amount of memory
 * ({@code gateway.lists.rendered-cache-mib}). Reading the stored documents and writing the answer was seven tenths
 * of a list's CPU (profiled); a gateway's row version changes with every change to it, so the bytes kept for a
 * version are always the bytes that version would render, and a list only renders what changed since.
 */
@ApplicationScoped
public class RenderedGateways {
    private record Key(UUID id, long version) {
    }

    private final ObjectWriter writer;
    private final Cache<Key, byte[]> rendered;

    RenderedGateways(ObjectMapper mapper, GatewayConfig config) {
        this.writer = mapper.writerFor(GatewayDto.class);
        long bytes = (long) config.lists().renderedCacheMib() * 1024 * 1024;
        this.rendered = bytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(bytes)
                .weigher((Key key, byte[] json) -> json.length + 64)
                .build();
    }

    public byte[] json(StoredGateway gateway) {
        if (rendered == null) {
            return render(gateway);
        }
        return rendered.get(new Key(gateway.id(), gateway.version()), key -> render(gateway));
    }

    private byte[] render(StoredGateway gateway) {
        try {
            return writer.writeValueAsBytes(GatewayMapper.toDto(gateway.gateway()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
