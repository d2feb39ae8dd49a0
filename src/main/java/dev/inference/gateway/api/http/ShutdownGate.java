package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.ErrorBody;
import dev.inference.gateway.api.contract.GrpcCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The last phase of a graceful shutdown. On SIGTERM Quarkus turns readiness DOWN and, for
 * {@code quarkus.shutdown.delay}, keeps serving while answering every request with {@code Connection: close}, so
 * that keep-alive clients reconnect through the load balancer (which is dropping this instance meanwhile). Once the
 * delay is over it waits up to {@code quarkus.shutdown.timeout} for the requests in flight. From the last second of
 * the delay on, any request that arrives is answered at once with 503 UNAVAILABLE, {@code Retry-After} and
 * {@code Connection: close} instead of being started, so the requests in flight drain and none is cut off half-way.
 */
@ApplicationScoped
public class ShutdownGate {
    private static final Logger LOG = Logger.getLogger(ShutdownGate.class);

    private final Vertx vertx;
    private final Duration delay;
    private final String body;
    private volatile boolean closed;

    ShutdownGate(Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) throws JsonProcessingException {
        this.vertx = vertx;
        this.delay = delay.orElse(Duration.ZERO);
        this.body = mapper.writeValueAsString(
                ErrorBody.of(GrpcCode.UNAVAILABLE, "this instance is shutting down; retry the request"));
    }

    void install(@Observes Router router) {
        router.route().order(-200).handler(this::handle);
    }

    /**
     * The gate closes a little before the delay ends (its last second, or its second half if shorter): the requests
     * in flight then finish while the delay still runs, and every client that comes back meanwhile is told to wait
     * ({@code Retry-After}), so none is connecting when the listener closes (a connection the listener has queued
     * but not accepted would be reset with its request unanswered).
     */
    void shutdownStarted(@Observes ShutdownDelayInitiatedEvent event) {
        long lead = Math.min(1_000, delay.toMillis() / 2);
        vertx.setTimer(Math.max(1, delay.toMillis() - lead), id -> {
            closed = true;
            LOG.info("Shutting down: new requests are answered 503 while the requests in flight complete");
        });
    }

    void handle(RoutingContext context) {
        if (!closed) {
            context.next();
            return;
        }
        context.response().setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .putHeader("Retry-After", "1")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
