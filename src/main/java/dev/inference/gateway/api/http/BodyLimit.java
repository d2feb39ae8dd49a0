package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.ErrorBody;
import dev.inference.gateway.api.contract.GrpcCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;

/**
 * The contract's 64 KiB body limit, in one place: a request that announces a larger body is refused before it is
 * read; the body reader refuses a larger body sent without a length ({@link #read}); the HTTP layer's own limit
 * ({@code quarkus.http.limits.max-body-size}) is only the backstop that keeps such a body out of memory.
 */
@ApplicationScoped
public class BodyLimit {
    public static final int MAX_BYTES = 64 * 1024;
    static final String MESSAGE = "request body larger than the limit of " + MAX_BYTES + " bytes";

    private final String body;

    BodyLimit(ObjectMapper mapper) throws JsonProcessingException {
        this.body = mapper.writeValueAsString(ErrorBody.of(GrpcCode.INVALID_ARGUMENT, MESSAGE));
    }

    void install(@Observes Router router) {
        router.route().order(-100).handler(this::rejectLargeBodies);
    }

    void rejectLargeBodies(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
            return;
        }
        context.next();
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Reads a request body, refusing one larger than the limit with 413. */
    public static byte[] read(java.io.InputStream body) throws java.io.IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new jakarta.ws.rs.WebApplicationException(413);
        }
        return bytes;
    }
}
