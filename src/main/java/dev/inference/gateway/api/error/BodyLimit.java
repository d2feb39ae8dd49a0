package dev.inference.gateway.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The contract's 64 KiB body limit. A request that announces a larger body is refused before it is read; a
 * larger body sent without a length is cut off by the HTTP layer's own limit, and resources check what they read.
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

    public static RestResponse<ErrorBody> tooLarge() {
        return ErrorMapper.error(413, GrpcCode.INVALID_ARGUMENT, MESSAGE);
    }
}
