package dev.inference.gateway.api.http;

import dev.inference.gateway.api.render.RenderedJson;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/** Writes a {@link RenderedJson} in one piece, with its length, as {@code application/json}. */
@Provider
public class RenderedJsonWriter extends OwnTypeWriter<RenderedJson> {

    public RenderedJsonWriter() {
        super(RenderedJson.class);
    }

    @Override
    public void writeResponse(RenderedJson body, Type genericType, ServerRequestContext context) {
        context.serverResponse().setResponseHeader("Content-Type", MediaType.APPLICATION_JSON).end(body.bytes());
    }

    @Override
    public void writeTo(RenderedJson body, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        out.write(body.bytes());
    }
}
