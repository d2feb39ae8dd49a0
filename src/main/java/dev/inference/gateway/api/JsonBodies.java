package dev.inference.gateway.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.inference.gateway.domain.InvalidArgumentException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies strictly: malformed JSON, duplicate keys, trailing garbage and wrong types are
 * {@link InvalidArgumentException}s naming the field; unknown fields are ignored but collected (with their
 * path) so that the answer can name them in a {@code Warning} header. Also applies RFC 7396 merge patches.
 */
@ApplicationScoped
public class JsonBodies {
    static final String UNKNOWN_FIELDS = "unknownFields";

    /** A parsed body and the paths of the fields it carried that the contract does not know. */
    public record Parsed<T>(T value, List<String> unknownFields) {
    }

    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper base) {
        ObjectMapper strict = base.copy();
        strict.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        strict.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        strict.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        strict.configure(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, true);
        strict.configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);
        strict.configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature(), true);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            strict.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Boolean, LogicalType.Collection, LogicalType.POJO)) {
            for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.String, CoercionInputShape.EmptyString)) {
                strict.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
            }
        }
        strict.addHandler(new UnknownFieldCollector());
        this.mapper = strict;
    }

    /** Parses a JSON object body into {@code type}. */
    public <T> Parsed<T> read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new InvalidArgumentException("body", "is required: send a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        try {
            JsonNode tree = mapper.readTree(body);
            requireObject(tree);
            T value = mapper.readerFor(type).withAttribute(UNKNOWN_FIELDS, unknown).readValue(tree);
            return new Parsed<>(value, unknown);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /** Parses a merge-patch document (a JSON object). */
    public JsonNode readPatch(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidArgumentException("body", "is required: send a JSON merge patch object");
        }
        try {
            JsonNode tree = mapper.readTree(body);
            requireObject(tree);
            return tree;
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /** Applies an RFC 7396 merge patch to {@code target} and reads the result as {@code type}. */
    public <T> T mergePatch(Object target, JsonNode patch, Class<T> type, List<String> unknownFields) {
        JsonNode merged = merge(mapper.valueToTree(target), patch);
        try {
            return mapper.readerFor(type).withAttribute(UNKNOWN_FIELDS, unknownFields).readValue(merged);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static void requireObject(JsonNode tree) {
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            throw new InvalidArgumentException("body", "must be a JSON object");
        }
    }

    private static InvalidArgumentException invalid(IOException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping.getPath());
            String description = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    && !(e.getCause() instanceof IllegalArgumentException)
                    ? "must be " + describe(mismatch.getTargetType())
                    : reason(e);
            return new InvalidArgumentException(field, description);
        }
        if (e instanceof JsonParseException || e instanceof JsonProcessingException) {
            return new InvalidArgumentException("body", "is not valid JSON: " + firstLine(((JsonProcessingException) e)
                    .getOriginalMessage()));
        }
        return new InvalidArgumentException("body", "could not be read");
    }

    private static String reason(IOException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return e instanceof JsonProcessingException p ? firstLine(p.getOriginalMessage()) : "is invalid";
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of the enum's names or numbers";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    /** Records unknown fields instead of failing; the value is skipped. */
    static final class UnknownFieldCollector extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            @SuppressWarnings("unchecked")
            List<String> sink = (List<String>) context.getAttribute(UNKNOWN_FIELDS);
            if (sink != null && sink.size() < 20) {
                sink.add(pathOf(parser.getParsingContext(), propertyName));
            }
            parser.skipChildren();
            return true;
        }

        private static String pathOf(JsonStreamContext context, String propertyName) {
            List<String> parts = new ArrayList<>();
            for (JsonStreamContext c = context == null ? null : context.getParent(); c != null && !c.inRoot();
                    c = c.getParent()) {
                if (c.inArray()) {
                    parts.add(0, "[" + c.getCurrentIndex() + "]");
                } else if (c.getCurrentName() != null) {
                    parts.add(0, c.getCurrentName());
                }
            }
            StringBuilder path = new StringBuilder();
            for (String part : parts) {
                if (path.length() > 0 && !part.startsWith("[")) {
                    path.append('.');
                }
                path.append(part);
            }
            return path.length() == 0 ? propertyName : path + "." + propertyName;
        }
    }
}
