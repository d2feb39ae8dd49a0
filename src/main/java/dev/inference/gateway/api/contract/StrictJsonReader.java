package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.inference.gateway.domain.InvalidArgumentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads JSON request bodies strictly, with no framework around it (so that it is tested in milliseconds): UTF-8
 * only (overlong forms and encoded surrogates refused), one JSON object, no duplicate keys, no trailing data, no
 * coercion between types. Every failure is an {@link InvalidArgumentException} naming the field, without echoing
 * input that could be a secret. Members the target type does not know are ignored but reported with their path,
 * so that the answer can name them in a {@code Warning} header.
 */
public final class StrictJsonReader {
    static final int MAX_UNKNOWN_FIELDS = 20;
    /** A parser message quoting more than one character of the input. */
    private static final Pattern QUOTED_INPUT = Pattern.compile("'[^']{2,}'");

    /** A body read into {@code T}, the tree it came from, and the paths of the members nobody knows. */
    public record Parsed<T>(T value, ObjectNode tree, List<String> unknownFields) {
    }

    private final ObjectMapper mapper;

    public StrictJsonReader(ObjectMapper base) {
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
        this.mapper = strict;
    }

    /** Reads a body (at most {@code BodyLimit} bytes, already checked) that must be a JSON object of {@code type}. */
    public <T> Parsed<T> read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new InvalidArgumentException("body", "is required: send a JSON object");
        }
        requireUtf8(body);
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode() || !tree.isObject()) {
                throw new InvalidArgumentException("body", "must be a JSON object");
            }
            T value = mapper.readerFor(type).readValue(tree);
            List<String> unknown = new java.util.ArrayList<>();
            collectUnknown(tree, mapper.constructType(type), "", unknown);
            return new Parsed<>(value, (ObjectNode) tree, unknown);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /**
     * JSON is UTF-8 (RFC 8259). The parser alone lets overlong forms ({@code C0 AF} read as "/") and encoded
     * surrogates through; a strict decoder does not.
     */
    private static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new InvalidArgumentException("body", "is not valid UTF-8");
        }
    }

    private static InvalidArgumentException invalid(IOException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping.getPath());
            String description = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? "must be " + describe(mismatch.getTargetType())
                    : "is invalid";
            return new InvalidArgumentException(field, description);
        }
        if (e instanceof JsonProcessingException p) {
            return new InvalidArgumentException("body", "is not valid JSON: " + syntaxProblem(p));
        }
        return new InvalidArgumentException("body", "could not be read");
    }

    /**
     * What is wrong with the JSON text, without quoting it: the parser's own message may repeat a token of the
     * input verbatim (an unquoted secret, say), so only messages that cannot carry input are passed on.
     */
    private static String syntaxProblem(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        boolean quotesInput = !message.startsWith("Duplicate field") && QUOTED_INPUT.matcher(
                message.replaceAll("'(null|true|false|NaN)'", "")).find();
        String problem = e instanceof StreamConstraintsException || !quotesInput ? message : "unexpected input";
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 0
                ? problem
                : problem + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
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

    /**
     * Collects the paths of the members of {@code node} that {@code type} does not know, recursing into known
     * members that are objects themselves. Done on the tree rather than during binding: records are bound through
     * their constructor, and Jackson replays their unknown members from a buffer whose parsing context no longer
     * tells where they were.
     */
    private void collectUnknown(JsonNode node, JavaType type, String path, List<String> sink) {
        if (sink.size() >= MAX_UNKNOWN_FIELDS || node == null) {
            return;
        }
        if (node.isArray() && type.isCollectionLikeType()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnknown(node.get(i), type.getContentType(), path + "[" + i + "]", sink);
            }
            return;
        }
        Class<?> raw = type.getRawClass();
        if (!node.isObject() || raw.isEnum() || raw.isPrimitive() || raw.isArray() || raw.getName().startsWith("java.")) {
            return;
        }
        Map<String, JavaType> known = new HashMap<>();
        addKnown(type, known);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext() && sink.size() < MAX_UNKNOWN_FIELDS) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JavaType fieldType = known.get(field.getKey());
            if (fieldType == null) {
                sink.add(fieldPath);
            } else {
                collectUnknown(field.getValue(), fieldType, fieldPath, sink);
            }
        }
    }

    /** The members a type reads, those of a {@code @JsonUnwrapped} member among them (they sit beside its own). */
    private void addKnown(JavaType type, Map<String, JavaType> known) {
        for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(type).findProperties()) {
            if (unwrapped(property)) {
                addKnown(property.getPrimaryType(), known);
            } else {
                known.put(property.getName(), property.getPrimaryType());
            }
        }
    }

    private boolean unwrapped(BeanPropertyDefinition property) {
        var introspector = mapper.getDeserializationConfig().getAnnotationIntrospector();
        for (AnnotatedMember member : new AnnotatedMember[] { property.getConstructorParameter(), property.getField(),
                property.getGetter() }) {
            if (member != null && introspector.findUnwrappingNameTransformer(member) != null) {
                return true;
            }
        }
        return false;
    }
}
