package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.ContractValues;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.UUID;

/**
 * The contract's path and query parameters: gateway ids (a UUID in its canonical 36-character form, any case),
 * timestamps (RFC 3339, years 0001 to 9999) and integers. A value that does not parse is a 400
 * {@code INVALID_ARGUMENT} naming the parameter.
 */
@Provider
public class ContractParams implements ParamConverterProvider {
    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == UUID.class) {
            String name = name(annotations, "id");
            return (ParamConverter<T>) new Converter<>(value -> ContractValues.uuid(name, value));
        }
        if (rawType == Instant.class) {
            String name = name(annotations, "updatedAfter");
            return (ParamConverter<T>) new Converter<>(value -> ContractValues.timestamp(name, value));
        }
        if (rawType == Integer.class) {
            String name = name(annotations, "pageSize");
            return (ParamConverter<T>) new Converter<>(value -> ContractValues.integer(name, value));
        }
        return null;
    }

    private record Converter<T>(java.util.function.Function<String, T> parse) implements ParamConverter<T> {
        @Override
        public T fromString(String value) {
            return value == null || value.isEmpty() ? null : parse.apply(value);
        }

        @Override
        public String toString(T value) {
            return String.valueOf(value);
        }
    }

    /**
     * The parameter's name from its annotation; Quarkus REST hands over the implementing method's annotations, and
     * {@code GatewayResource} inherits them from {@code GatewayApi}, so the contract's one parameter of each type
     * names it otherwise.
     */
    private static String name(Annotation[] annotations, String contractName) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof PathParam path) {
                return path.value();
            }
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return contractName;
    }
}
