package dev.inference.gateway.api.render;

import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/**
 * An answer written as it is produced (a list, a watch): its content type and its bytes, chunk by chunk. Written
 * by {@link ChunkedBodyWriter}.
 */
public record ChunkedBody(String contentType, Multi<Buffer> chunks) {
}
