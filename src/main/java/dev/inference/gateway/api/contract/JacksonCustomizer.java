package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.inference.gateway.domain.ContractEnum;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The contract's JSON, configured in one place on the application's ObjectMapper (the domain carries no Jackson
 * annotation): proto3 answers (an unset field is absent, not {@code null}; options without fields are {@code {}}),
 * RFC 3339 timestamps, enums accepted by name or number, and the W&amp;B {@code apiKey} read but never written.
 */
@Singleton
public class JacksonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.addMixIn(WeightsAndBiasesAuth.class, WriteOnlyApiKey.class);
        mapper.registerModule(new SimpleModule("contract-enums") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new ContractEnums());
            }
        });
    }

    /** {@code apiKey} is write-only: read from requests, never in an answer. */
    abstract static class WriteOnlyApiKey {
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        abstract String apiKey();
    }

    /** Enums of the contract: their name, or their number (older clients send numbers). */
    static final class ContractEnums extends Deserializers.Base {
        @Override
        public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                BeanDescription description) {
            return ContractEnum.class.isAssignableFrom(type) ? new ByNameOrNumber(type) : null;
        }
    }

    static final class ByNameOrNumber extends JsonDeserializer<Object> {
        private final Class<?> type;

        ByNameOrNumber(Class<?> type) {
            this.type = type;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            for (Object constant : type.getEnumConstants()) {
                if (token == JsonToken.VALUE_STRING && ((Enum<?>) constant).name().equals(parser.getText())
                        || token == JsonToken.VALUE_NUMBER_INT
                                && ((ContractEnum) constant).number() == parser.getLongValue()) {
                    return constant;
                }
            }
            throw InvalidFormatException.from(parser, "must be one of the enum's names or numbers", parser.getText(),
                    type);
        }
    }
}
