package dev.inference.gateway.persistence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.RolloutPolicy;
import dev.inference.gateway.domain.RolloutState;
import dev.inference.gateway.domain.RolloutStatus;
import dev.inference.gateway.domain.Wave;
import dev.inference.gateway.domain.WaveState;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Immutable;

/**
 * The JSON documents stored in text columns ({@code gateway.spec}, {@code gateway.published}), with one mapper
 * of their own: timestamps as exact epoch seconds with nanoseconds ({@code 1764081600.123456000}: parsing ISO
 * strings was a tenth of the CPU of a LIST page, 300 condition times each; answers format them as RFC 3339),
 * absent fields left out, and the spec's {@code apiKey} never written (it is stored sealed, in gateway_secret).
 */
@RegisterForReflection(targets = { PublishedStatus.class, GatewaySpec.class, RolloutState.class, WaveState.class,
        RolloutStatus.class, RolloutStatus.WaveStatus.class, RolloutStatus.ZoneRollout.class, RolloutPolicy.class,
        Wave.class })
public final class StoredJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .enable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(WeightsAndBiasesAuth.class, WithoutApiKey.class)
            .build();
    private static final ObjectReader SPEC_READER = MAPPER.readerFor(GatewaySpec.class);
    private static final ObjectWriter SPEC_WRITER = MAPPER.writerFor(GatewaySpec.class);
    private static final ObjectReader PUBLISHED_READER = MAPPER.readerFor(PublishedStatus.class);
    private static final ObjectWriter PUBLISHED_WRITER = MAPPER.writerFor(PublishedStatus.class);
    private static final ObjectReader ROLLOUT_READER = MAPPER.readerFor(RolloutState.class);
    private static final ObjectWriter ROLLOUT_WRITER = MAPPER.writerFor(RolloutState.class);

    private StoredJson() {
    }

    /** The spec document never holds the secret: it is stored sealed, apart (gateway_secret). */
    abstract static class WithoutApiKey {
        @JsonIgnore
        abstract String apiKey();
    }

    public static GatewaySpec readSpec(String json) {
        return read(SPEC_READER, json);
    }

    /** A spec as stored (revisions keep theirs in the same form). */
    public static String writeSpec(GatewaySpec spec) {
        return write(SPEC_WRITER, spec);
    }

    static PublishedStatus readPublished(String json) {
        return read(PUBLISHED_READER, json);
    }

    private static <T> T read(ObjectReader reader, String json) {
        try {
            return json == null ? null : reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored JSON document could not be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return value == null ? null : writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON document could not be written", e);
        }
    }

    /**
     * The converters' values are immutable (records of immutable lists, replaced as a whole when changed): marked
     * {@code @Immutable}, Hibernate keeps the loaded value as the dirty-checking snapshot and compares by
     * {@code equals}. Unmarked, it deep-copied every loaded spec and status by writing the JSON and parsing it back.
     */
    @Converter
    @Immutable
    public static class SpecConverter implements AttributeConverter<GatewaySpec, String> {
        @Override
        public String convertToDatabaseColumn(GatewaySpec spec) {
            return write(SPEC_WRITER, spec);
        }

        @Override
        public GatewaySpec convertToEntityAttribute(String json) {
            return readSpec(json);
        }
    }

    @Converter
    @Immutable
    public static class PublishedConverter implements AttributeConverter<PublishedStatus, String> {
        @Override
        public String convertToDatabaseColumn(PublishedStatus published) {
            return write(PUBLISHED_WRITER, published);
        }

        @Override
        public PublishedStatus convertToEntityAttribute(String json) {
            return read(PUBLISHED_READER, json);
        }
    }

    @Converter
    @Immutable
    public static class RolloutConverter implements AttributeConverter<RolloutState, String> {
        @Override
        public String convertToDatabaseColumn(RolloutState rollout) {
            return write(ROLLOUT_WRITER, rollout);
        }

        @Override
        public RolloutState convertToEntityAttribute(String json) {
            return read(ROLLOUT_READER, json);
        }
    }
}
