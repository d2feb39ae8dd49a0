package dev.inference.gateway.api.http;

import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;

/** A body writer for one answer type of ours, and for no other type, whatever the media type. */
abstract class OwnTypeWriter<T> implements ServerMessageBodyWriter<T> {
    private final Class<T> type;

    OwnTypeWriter(Class<T> type) {
        this.type = type;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return type == this.type;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == this.type;
    }
}
