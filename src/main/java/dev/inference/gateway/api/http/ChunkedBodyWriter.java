package dev.inference.gateway.api.http;

import dev.inference.gateway.api.render.ChunkedBody;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.concurrent.Flow;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes a {@link ChunkedBody} as its chunks come: the next chunk is asked for only once the previous one was
 * handed to the connection, and not while the connection's write queue is full, so a slow reader slows the
 * producer (a database cursor, a watch) and nothing piles up in memory. A client that goes away cancels the
 * stream, which stops the producer and frees what it holds. A failure before the first byte is an ordinary error
 * answer (a 503, a 429); after it, the connection is closed, so the client sees a cut answer rather than a wrong
 * one. (Quarkus REST's own Multi support adds a line separator after every chunk, which would change the bytes
 * of a list.)
 */
@Provider
public class ChunkedBodyWriter extends OwnTypeWriter<ChunkedBody> {
    private static final Logger LOG = Logger.getLogger(ChunkedBodyWriter.class);

    public ChunkedBodyWriter() {
        super(ChunkedBody.class);
    }

    @Override
    public void writeResponse(ChunkedBody body, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext request = (ResteasyReactiveRequestContext) context;
        labelAs(request, body.contentType());
        request.suspend();
        ServerHttpResponse response = context.serverResponse();
        body.chunks().subscribe(new Streamer(request, response,
                request.serverRequest().unwrap(RoutingContext.class).response(), Vertx.currentContext()));
    }

    /**
     * The headers are written just before the first byte, from the request's response (or, when none was made, its
     * content type): both are made the body's own, not what content negotiation picked from the operation's media
     * types (an event stream for a list asked with Accept: text/event-stream first), so no body is mislabelled.
     */
    private static void labelAs(ResteasyReactiveRequestContext request, String contentType) {
        request.setResponseContentType(MediaType.valueOf(contentType));
        if (request.getResponse().isCreated()) {
            request.getResponse().get().getHeaders().putSingle("Content-Type", contentType);
        }
    }

    @Override
    public void writeTo(ChunkedBody body, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        throw new IllegalStateException("chunked bodies are written by writeResponse, asynchronously");
    }

    /** Writes the chunks one at a time, asking for the next when the connection can take it. */
    private static final class Streamer implements Flow.Subscriber<Buffer> {
        private final ResteasyReactiveRequestContext request;
        private final ServerHttpResponse response;
        /** The connection's own response: a chunk is written as the buffer it is, without a copy. */
        private final HttpServerResponse connection;
        /** The request's context: the next chunk is asked for in a task of its own on it. */
        private final Context context;
        private Flow.Subscription subscription;
        private boolean started;
        private volatile boolean done;

        Streamer(ResteasyReactiveRequestContext request, ServerHttpResponse response, HttpServerResponse connection,
                Context context) {
            this.request = request;
            this.response = response;
            this.connection = connection;
            this.context = context;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            response.addCloseHandler(() -> {
                if (!done) {
                    subscription.cancel(); // the client went away: stop the producer, free what it holds
                }
            });
            subscription.request(1);
        }

        /**
         * Every signal is handled on the request's context, in order: the write, the check of the connection's write
         * queue and the drain handler all run on the connection's event loop, so the queue cannot drain between the
         * check and the handler (a drain missed that way stalled a stream whose producer emits on other threads: a
         * watch). A task per chunk also lets the event loop serve other requests (and read other connections) between
         * the chunks of a long list instead of after a whole batch of rows (GET p99 beside three unpaged lists).
         */
        private void onContext(Runnable signal) {
            if (context == null) {
                signal.run();
            } else {
                context.runOnContext(ignored -> signal.run());
            }
        }

        @Override
        public void onNext(Buffer chunk) {
            onContext(() -> write(chunk));
        }

        private void write(Buffer chunk) {
            if (done) {
                return;
            }
            if (!started) {
                started = true;
                response.setChunked(true);
            }
            connection.write(chunk);
            if (connection.writeQueueFull()) {
                connection.drainHandler(ignored -> {
                    connection.drainHandler(null);
                    subscription.request(1);
                });
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            onContext(() -> fail(failure));
        }

        private void fail(Throwable failure) {
            done = true;
            if (!started) {
                request.resume(failure); // nothing written yet: an ordinary error answer
                return;
            }
            LOG.warnf("a streamed answer failed after it started (%s); closing the connection", failure.toString());
            response.reset();
        }

        @Override
        public void onComplete() {
            onContext(() -> {
                done = true;
                response.end();
                request.resume();
            });
        }
    }
}
