package dev.inference.gateway.api;

import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.SpecValidator;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * The contract's path and query parameters: gateway ids (a UUID in its canonical 36-character form, any case),
 * timestamps (RFC 3339, years 0001 to 9999) and integers. A value that does not parse is a 400
 * {@code INVALID_ARGUMENT} naming the parameter.
 */
@Provider
public class ContractParams implements ParamConverterProvider {
    /** RFC 3339 timestamps have four-digit years. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == UUID.class) {
            String name = name(annotations, "id");
            return (ParamConverter<T>) new Converter<>(value -> uuid(name, value));
        }
        if (rawType == Instant.class) {
            String name = name(annotations, "updatedAfter");
            return (ParamConverter<T>) new Converter<>(value -> timestamp(name, value));
        }
        if (rawType == Integer.class) {
            String name = name(annotations, "pageSize");
            return (ParamConverter<T>) new Converter<>(value -> integer(name, value));
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

    static UUID uuid(String name, String value) {
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(name, "must be a UUID, got " + SpecValidator.quote(value));
        }
    }

    static Instant timestamp(String name, String value) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException(name, "must be an RFC 3339 timestamp such as 2026-11-25T13:16:47Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidArgumentException(name, "must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return instant;
    }

    static Integer integer(String name, String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(name, "must be an integer");
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
