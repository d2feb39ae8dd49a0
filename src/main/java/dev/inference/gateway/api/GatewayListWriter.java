package dev.inference.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.inference.gateway.api.dto.GatewayDto;
import dev.inference.gateway.service.ListPart;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes a list answer as its gateways come from the database: {@code {"items":[...]}} with
 * {@code "nextPageToken"} after the items when there is a next page; the same bytes a list of any size would
 * have if it were built in memory. One gateway is in memory at a time: the next is asked for only once the
 * previous one was handed to the connection, and not while the connection's write queue is full (a slow reader
 * slows the query down). A client that goes away cancels the stream, which ends the query and frees its
 * connection. A failure before the first byte is an ordinary error answer (a 503, a 429); after it, the
 * connection is closed, so the client sees a cut answer rather than a wrong one.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class GatewayListWriter implements ServerMessageBodyWriter<GatewayListing> {
    private static final Logger LOG = Logger.getLogger(GatewayListWriter.class);
    private static final byte[] START = "{\"items\":[".getBytes(StandardCharsets.US_ASCII);

    private final ObjectWriter items;
    private final ObjectWriter strings;

    GatewayListWriter(ObjectMapper mapper) {
        this.items = mapper.writerFor(GatewayDto.class);
        this.strings = mapper.writerFor(String.class);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return type == GatewayListing.class;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == GatewayListing.class;
    }

    @Override
    public void writeResponse(GatewayListing listing, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext request = (ResteasyReactiveRequestContext) context;
        request.suspend();
        listing.parts().subscribe(new Streamer(request, context.serverResponse()));
    }

    @Override
    public void writeTo(GatewayListing listing, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        throw new IllegalStateException("lists are written by writeResponse, asynchronously");
    }

    /** Writes the parts one at a time, asking for the next when the connection can take it. */
    private final class Streamer implements Flow.Subscriber<ListPart> {
        private final ResteasyReactiveRequestContext request;
        private final ServerHttpResponse response;
        private Flow.Subscription subscription;
        private boolean started;
        private boolean first = true;
        private volatile boolean done;

        Streamer(ResteasyReactiveRequestContext request, ServerHttpResponse response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            response.addCloseHandler(() -> {
                if (!done) {
                    subscription.cancel(); // the client went away: stop the query, free the connection
                }
            });
            subscription.request(1);
        }

        @Override
        public void onNext(ListPart part) {
            try {
                byte[] bytes = part instanceof ListPart.Item item ? item(item) : end((ListPart.End) part);
                write(bytes);
            } catch (JsonProcessingException e) {
                subscription.cancel();
                onError(e);
                return;
            }
            if (response.isWriteQueueFull()) {
                response.addDrainHandler(() -> subscription.request(1));
            } else {
                subscription.request(1);
            }
        }

        private byte[] item(ListPart.Item item) throws JsonProcessingException {
            byte[] json = items.writeValueAsBytes(GatewayMapper.toDto(item.gateway()));
            if (first) {
                first = false;
                return concat(START, json);
            }
            return concat(new byte[] { ',' }, json);
        }

        private byte[] end(ListPart.End end) throws JsonProcessingException {
            StringBuilder tail = new StringBuilder(first ? "{\"items\":[]" : "]");
            if (end.nextPageToken() != null) {
                tail.append(",\"nextPageToken\":").append(strings.writeValueAsString(end.nextPageToken()));
            }
            return tail.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }

        private void write(byte[] bytes) {
            if (!started) {
                started = true;
                response.setChunked(true);
                response.setResponseHeader("Content-Type", MediaType.APPLICATION_JSON);
            }
            response.write(bytes);
        }

        @Override
        public void onError(Throwable failure) {
            done = true;
            if (!started) {
                request.resume(failure); // nothing written yet: an ordinary error answer
                return;
            }
            LOG.warnf("a list answer failed after it started (%s); closing the connection", failure.toString());
            response.reset();
        }

        @Override
        public void onComplete() {
            done = true;
            response.end();
            request.resume();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
