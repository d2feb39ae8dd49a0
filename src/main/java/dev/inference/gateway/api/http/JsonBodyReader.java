package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.MergePatchBody;
import dev.inference.gateway.api.contract.StrictJsonReader;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inference.gateway.api.contract.GatewaySpecDto;
import dev.inference.gateway.api.http.BodyLimit;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Quarkus REST's reader of gateway request bodies ({@code application/json} and
 * {@code application/merge-patch+json}): the 64 KiB limit, then {@link StrictJsonReader}; the unknown members it
 * finds go to the request's {@link WarningHeaders}.
 */
@Provider
@Consumes({ MediaType.APPLICATION_JSON, GatewayApi.MERGE_PATCH })
public class JsonBodyReader implements ServerMessageBodyReader<Object> {
    private final StrictJsonReader reader;
    private final ObjectMapper mapper;

    JsonBodyReader(ObjectMapper mapper) {
        this.reader = new StrictJsonReader(mapper);
        this.mapper = mapper;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo method,
            MediaType mediaType) {
        return readable(type);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return readable(type);
    }

    private static boolean readable(Class<?> type) {
        return type == GatewaySpecDto.class || type == MergePatchBody.class;
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, MediaType mediaType, ServerRequestContext context)
            throws IOException {
        StrictJsonReader.Parsed<GatewaySpecDto> parsed = reader.read(BodyLimit.read(context.getInputStream()),
                GatewaySpecDto.class);
        WarningHeaders.unknownFields((ResteasyReactiveRequestContext) context, parsed.unknownFields());
        return body(type, parsed);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return body(type, reader.read(BodyLimit.read(body), GatewaySpecDto.class));
    }

    /** A merge patch is read as a spec too, so that its members' types are checked as strictly as a full spec's. */
    private Object body(Class<Object> type, StrictJsonReader.Parsed<GatewaySpecDto> parsed) {
        return (Class<?>) type == MergePatchBody.class
                ? new MergePatchBody(parsed.value().id(), parsed.tree(), mapper)
                : parsed.value();
    }
}
