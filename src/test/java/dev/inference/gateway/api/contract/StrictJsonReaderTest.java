package dev.inference.gateway.api.contract;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.inference.gateway.service.SpecChange;
import dev.inference.gateway.domain.ApiType;
import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EdgeProxyMode;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.FieldViolation;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.SpecValidator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-body corpus against the request pipeline up to the database, without a server: the body reader
 * ({@link StrictJsonReader} on an ObjectMapper customised as the application's), the mapping to the domain and
 * {@link SpecValidator}, for a create, a full update and a merge patch. Every refusal is an
 * {@link InvalidArgumentException} naming the right field ({@code body} for what is not a JSON object), with short
 * descriptions that never repeat a secret-looking token of the input. Also the unknown-member paths the reader
 * collects for the {@code Warning} header.
 */
public class StrictJsonReaderTest {
    static final List<String> ZONES = List.of("US-EAST-04A", "US-EAST-06A", "US-WEST-09B", "EU-SOUTH-03A");
    static final ObjectMapper MAPPER = applicationMapper();
    static final StrictJsonReader READER = new StrictJsonReader(MAPPER);
    static final SpecValidator VALIDATOR = new SpecValidator(ZONES);
    static final UUID STORED_ID = UUID.fromString("7f9b3c1e-5d2a-4e8f-9a61-0c2d4b6e8f10");
    /** The stored gateway that updates and merge patches apply to. */
    static final GatewaySpec STORED = new GatewaySpec("stored", List.of("US-EAST-04A"), new CoreWeaveAuth(), null,
            new BodyBasedRouting(ApiType.API_TYPE_OPENAI), null, null,
            new EndpointConfiguration(List.of("a.example.com"), List.of(), null));
    static final String BASE_DOC = doc(Map.of());

    /** An ObjectMapper as Quarkus builds the application's (Java 8 and java.time modules, parameter names, unknown properties ignored) with the service's customizer. */
    public static ObjectMapper applicationMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModules(new Jdk8Module(), new JavaTimeModule(), new ParameterNamesModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JacksonCustomizer().customize(mapper);
        return mapper;
    }

    /** The three ways a body reaches the service. */
    enum Mode { CREATE, REPLACE, MERGE_PATCH }

    /** What {@code GatewayResource} and {@code GatewayService} do with a body before any database access. */
    static GatewaySpec process(Mode mode, byte[] body) {
        StrictJsonReader.Parsed<GatewaySpecDto> parsed = READER.read(body, GatewaySpecDto.class);
        GatewaySpecDto dto = parsed.value();
        switch (mode) {
            case CREATE -> {
                GatewayMapper.requestedId(dto);
                return VALIDATOR.normalize(dto.desired());
            }
            case REPLACE -> {
                GatewayMapper.requireSameId(STORED_ID, dto.id());
                return VALIDATOR.normalize(new SpecChange.Replace(dto.desired()).draft(STORED));
            }
            default -> {
                GatewayMapper.requireSameId(STORED_ID, dto.id());
                return VALIDATOR.normalize(new MergePatchBody(dto.id(), parsed.tree(), MAPPER).applyTo(STORED));
            }
        }
    }

    // ---- corpus -----------------------------------------------------------------------------------------

    /** A body and the field its refusal must name, or {@code null} when it is a valid spec. */
    record Case(String label, byte[] body, String field) {
        @Override
        public String toString() {
            return label;
        }
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // Not JSON, or not a JSON object.
        reject(c, "empty body", "", "body");
        reject(c, "whitespace only", "  \n\t ", "body");
        reject(c, "open brace", "{", "body");
        reject(c, "close brace", "}", "body");
        reject(c, "key without value", "{\"name\":", "body");
        reject(c, "truncated document", BASE_DOC.substring(0, BASE_DOC.length() - 5), "body");
        reject(c, "missing colon", "{\"name\" \"x\"}", "body");
        reject(c, "lone comma", "{,}", "body");
        reject(c, "trailing comma", "{\"name\": \"x\",}", "body");
        reject(c, "trailing garbage", BASE_DOC + " garbage", "body");
        reject(c, "two documents", BASE_DOC + BASE_DOC, "body");
        reject(c, "bad literal nul", "nul", "body");
        reject(c, "bad literal tru", "{\"coreWeaveAuth\": tru}", "body");
        reject(c, "top-level string", "\"just a string\"", "body");
        reject(c, "top-level null", "null", "body");
        reject(c, "top-level empty array", "[]", "body");
        reject(c, "top-level array of documents", "[" + BASE_DOC + "]", "body");
        reject(c, "top-level number", "42", "body");
        reject(c, "top-level huge number", "1e400", "body");
        reject(c, "top-level boolean", "true", "body");
        reject(c, "single quotes", "{\"name\": 'single'}", "body");
        reject(c, "unquoted key", "{name: \"x\"}", "body");
        reject(c, "comment", "/* comment */" + BASE_DOC, "body");
        reject(c, "line comment", "{\"name\": \"x\" // c\n}", "body");
        reject(c, "NaN", doc(Map.of("name", "NaN")), "body");
        reject(c, "Infinity", doc(Map.of("bodyBasedRouting", "{\"apiType\": Infinity}")), "body");
        reject(c, "invalid escape", doc(Map.of("name", "\"\\x41\"")), "body");
        reject(c, "short unicode escape", doc(Map.of("name", "\"\\u12\"")), "body");
        reject(c, "raw control character in string", doc(Map.of("name", "\"tab\tinside\"")), "body");
        reject(c, "raw newline in string", doc(Map.of("name", "\"line\nbreak\"")), "body");
        reject(c, "deeply nested arrays (5000)", "[".repeat(5000) + "]".repeat(5000), "body");
        reject(c, "deeply nested arrays in unknown field", doc(Map.of("x", "[".repeat(5000) + "]".repeat(5000))),
                "body");
        reject(c, "deeply nested objects in unknown field", doc(Map.of("x", "{\"a\":".repeat(5000) + "1"
                + "}".repeat(5000))), "body");
        reject(c, "deeply nested arrays in zones", doc(Map.of("zones", "[".repeat(5000) + "]".repeat(5000))), "body");
        reject(c, "number with 10000 digits", doc(Map.of("name", "1".repeat(10_000))), "body");
        // Duplicate keys.
        reject(c, "duplicate top-level key", BASE_DOC.replace("{\"name\"", "{\"name\": \"dup\", \"name\""), "body");
        reject(c, "duplicate nested key", doc(Map.of("bodyBasedRouting", "{\"apiType\": 1, \"apiType\": 1}")),
                "body");
        // Wrong types everywhere.
        reject(c, "name number", doc(Map.of("name", "5")), "name");
        reject(c, "name huge float", doc(Map.of("name", "1e400")), "name");
        reject(c, "name huge integer", doc(Map.of("name", "123456789012345678901234567890")), "name");
        reject(c, "name boolean", doc(Map.of("name", "true")), "name");
        reject(c, "name null", doc(Map.of("name", "null")), "name");
        reject(c, "name array", doc(Map.of("name", "[\"a\"]")), "name");
        reject(c, "name object", doc(Map.of("name", "{}")), "name");
        reject(c, "zones string", doc(Map.of("zones", "\"x\"")), "zones");
        reject(c, "zones number", doc(Map.of("zones", "5")), "zones");
        reject(c, "zones object", doc(Map.of("zones", "{}")), "zones");
        reject(c, "zones null", doc(Map.of("zones", "null")), "zones");
        reject(c, "zone number", doc(Map.of("zones", "[1]")), "zones[0]");
        reject(c, "zone null", doc(Map.of("zones", "[null]")), "zones[0]");
        reject(c, "zone array", doc(Map.of("zones", "[[]]")), "zones[0]");
        reject(c, "zone object", doc(Map.of("zones", "[\"US-EAST-04A\", {}]")), "zones[1]");
        reject(c, "coreWeaveAuth number", doc(Map.of("coreWeaveAuth", "5")), "coreWeaveAuth");
        reject(c, "coreWeaveAuth string", doc(Map.of("coreWeaveAuth", "\"x\"")), "coreWeaveAuth");
        reject(c, "coreWeaveAuth empty string", doc(Map.of("coreWeaveAuth", "\"\"")), "coreWeaveAuth");
        reject(c, "coreWeaveAuth array", doc(Map.of("coreWeaveAuth", "[]")), "coreWeaveAuth");
        reject(c, "coreWeaveAuth boolean", doc(Map.of("coreWeaveAuth", "true")), "coreWeaveAuth");
        reject(c, "bodyBasedRouting number", doc(Map.of("bodyBasedRouting", "1")), "bodyBasedRouting");
        reject(c, "bodyBasedRouting string", doc(Map.of("bodyBasedRouting", "\"API_TYPE_OPENAI\"")),
                "bodyBasedRouting");
        reject(c, "bodyBasedRouting array", doc(Map.of("bodyBasedRouting", "[]")), "bodyBasedRouting");
        reject(c, "apiType huge float", apiType("1e400"), "bodyBasedRouting.apiType");
        reject(c, "apiType huge integer", apiType("99999999999999999999999"), "bodyBasedRouting.apiType");
        reject(c, "apiType 2^32+1", apiType("4294967297"), "bodyBasedRouting.apiType");
        reject(c, "apiType -1", apiType("-1"), "bodyBasedRouting.apiType");
        reject(c, "apiType 2", apiType("2"), "bodyBasedRouting.apiType");
        reject(c, "apiType float 1.0", apiType("1.0"), "bodyBasedRouting.apiType");
        reject(c, "apiType number as string", apiType("\"1\""), "bodyBasedRouting.apiType");
        reject(c, "apiType in lower case", apiType("\"api_type_openai\""), "bodyBasedRouting.apiType");
        reject(c, "apiType empty", apiType("\"\""), "bodyBasedRouting.apiType");
        reject(c, "apiType boolean", apiType("true"), "bodyBasedRouting.apiType");
        reject(c, "apiType array", apiType("[1]"), "bodyBasedRouting.apiType");
        reject(c, "apiType null", apiType("null"), "bodyBasedRouting.apiType");
        reject(c, "apiType UNSPECIFIED", apiType("\"API_TYPE_UNSPECIFIED\""), "bodyBasedRouting.apiType");
        reject(c, "apiType 0", apiType("0"), "bodyBasedRouting.apiType");
        reject(c, "apiType with NUL", apiType("\"API_TYPE_OPENAI\\u0000\""), "bodyBasedRouting.apiType");
        reject(c, "apiType object", apiType("{\"a\": 1}"), "bodyBasedRouting.apiType");
        reject(c, "headerName number", header("5"), "headerBasedRouting.headerName");
        reject(c, "headerBasedRouting string", doc(Map.of("bodyBasedRouting", "null", "headerBasedRouting", "\"X\"")),
                "headerBasedRouting");
        reject(c, "weightsAndBiasesAuth string", wandb("\"key\""), "weightsAndBiasesAuth");
        reject(c, "apiKey number", wandb("{\"apiKey\": 5}"), "weightsAndBiasesAuth.apiKey");
        reject(c, "apiKey array", wandb("{\"apiKey\": [\"a\"]}"), "weightsAndBiasesAuth.apiKey");
        reject(c, "apiKey empty", wandb("{\"apiKey\": \"\"}"), "weightsAndBiasesAuth.apiKey");
        reject(c, "enableUsageReports string", wandb("{\"enableUsageReports\": \"yes\"}"),
                "weightsAndBiasesAuth.enableUsageReports");
        reject(c, "enableUsageReports number", wandb("{\"enableUsageReports\": 1}"),
                "weightsAndBiasesAuth.enableUsageReports");
        reject(c, "enableRateLimiting string false", wandb("{\"enableRateLimiting\": \"false\"}"),
                "weightsAndBiasesAuth.enableRateLimiting");
        accept(c, "enableRateLimiting null", wandb("{\"enableRateLimiting\": null}"));
        reject(c, "serverUrl number", wandb("{\"apiKey\": \"k\", \"serverUrl\": 5}"), "weightsAndBiasesAuth.serverUrl");
        reject(c, "serverUrl with NUL", wandb("{\"apiKey\": \"k\", \"serverUrl\": \"https://a\\u0000.com\"}"),
                "weightsAndBiasesAuth.serverUrl");
        reject(c, "serverUrl too long", wandb("{\"apiKey\": \"k\", \"serverUrl\": \"https://" + "a".repeat(3000)
                + ".com\"}"), "weightsAndBiasesAuth.serverUrl");
        reject(c, "serverUrl javascript", wandb("{\"apiKey\": \"k\", \"serverUrl\": \"javascript:alert(1)\"}"),
                "weightsAndBiasesAuth.serverUrl");
        reject(c, "serverUrl without apiKey", wandb("{\"serverUrl\": \"https://wandb.example.com\"}"),
                "weightsAndBiasesAuth.apiKey");
        reject(c, "endpointConfiguration number", doc(Map.of("endpointConfiguration", "5")), "endpointConfiguration");
        reject(c, "endpointConfiguration array", doc(Map.of("endpointConfiguration", "[]")), "endpointConfiguration");
        reject(c, "additionalDns string", endpoints("{\"additionalDns\": \"x.com\"}"),
                "endpointConfiguration.additionalDns");
        reject(c, "additionalDns number entry", endpoints("{\"additionalDns\": [5]}"),
                "endpointConfiguration.additionalDns[0]");
        reject(c, "additionalDns null entry", endpoints("{\"additionalDns\": [null]}"),
                "endpointConfiguration.additionalDns[0]");
        reject(c, "additionalDns 101 entries", endpoints("{\"additionalDns\": [" + entries(101, "h%d.example.com")
                + "]}"), "endpointConfiguration.additionalDns");
        reject(c, "allowedSourceIpRanges object", endpoints("{\"allowedSourceIpRanges\": {}}"),
                "endpointConfiguration.allowedSourceIpRanges");
        reject(c, "allowedSourceIpRanges 51 entries", endpoints("{\"allowedSourceIpRanges\": ["
                + entries(51, "10.%d.0.0/16") + "]}"), "endpointConfiguration.allowedSourceIpRanges");
        accept(c, "allowedSourceIpRanges 50 entries", endpoints("{\"allowedSourceIpRanges\": ["
                + entries(50, "10.%d.0.0/16") + "]}"));
        reject(c, "allowedSourceIpRanges number entry", endpoints("{\"allowedSourceIpRanges\": [\"10.0.0.0/8\", 10]}"),
                "endpointConfiguration.allowedSourceIpRanges[1]");
        reject(c, "CIDR with huge prefix", cidr("1.2.3.4/99999999999999999999"),
                "endpointConfiguration.allowedSourceIpRanges[0]");
        reject(c, "CIDR with 4-digit prefix", cidr("1.2.3.4/0032"), "endpointConfiguration.allowedSourceIpRanges[0]");
        reject(c, "CIDR with NUL", cidr("::/0\\u0000"), "endpointConfiguration.allowedSourceIpRanges[0]");
        reject(c, "CIDR with huge IPv4 octet", cidr("99999999999.1.1.1/8"),
                "endpointConfiguration.allowedSourceIpRanges[0]");
        reject(c, "CIDR IPv6 too many groups", cidr("1:2:3:4:5:6:7:8:9/64"),
                "endpointConfiguration.allowedSourceIpRanges[0]");
        reject(c, "edgeProxyMode unknown name", edge("\"EDGE_PROXY_MODE_BYPASS\""), "endpointConfiguration.edgeProxyMode");
        reject(c, "edgeProxyMode unknown number", edge("3"), "endpointConfiguration.edgeProxyMode");
        reject(c, "edgeProxyMode negative", edge("-1"), "endpointConfiguration.edgeProxyMode");
        reject(c, "edgeProxyMode in lower case", edge("\"edge_proxy_mode_direct\""),
                "endpointConfiguration.edgeProxyMode");
        reject(c, "edgeProxyMode boolean", edge("true"), "endpointConfiguration.edgeProxyMode");
        reject(c, "edgeProxyMode object", edge("{}"), "endpointConfiguration.edgeProxyMode");
        accept(c, "edgeProxyMode by number", edge("2"));
        accept(c, "edgeProxyMode UNSPECIFIED", edge("\"EDGE_PROXY_MODE_UNSPECIFIED\""));
        reject(c, "id number", doc(Map.of("id", "5")), "id");
        reject(c, "id not a uuid", doc(Map.of("id", "\"not-a-uuid\"")), "id");
        reject(c, "id object", doc(Map.of("id", "{}")), "id");
        reject(c, "id with NUL", doc(Map.of("id", "\"\\u0000\"")), "id");
        reject(c, "id with 32 hex digits", doc(Map.of("id", "\"00000000000000000000000000000000\"")), "id");
        reject(c, "id SQL injection", doc(Map.of("id", "\"' OR 1=1 --\"")), "id");
        // NUL and unpaired surrogates.
        reject(c, "name with NUL", doc(Map.of("name", "\"a\\u0000b\"")), "name");
        reject(c, "name lone high surrogate", doc(Map.of("name", "\"\\ud800\"")), "name");
        reject(c, "name lone low surrogate", doc(Map.of("name", "\"a\\udc00b\"")), "name");
        reject(c, "name reversed surrogate pair", doc(Map.of("name", "\"\\udc00\\ud800\"")), "name");
        reject(c, "name with escape character", doc(Map.of("name", "\"a\\u001bb\"")), "name");
        reject(c, "zone with NUL", doc(Map.of("zones", "[\"US-EAST-04A\\u0000\"]")), "zones[0]");
        reject(c, "zone lone surrogate", doc(Map.of("zones", "[\"\\ud800\"]")), "zones[0]");
        reject(c, "headerName with NUL", header("\"X\\u0000\""), "headerBasedRouting.headerName");
        reject(c, "headerName lone surrogate", header("\"\\ud800\""), "headerBasedRouting.headerName");
        reject(c, "apiKey with NUL", wandb("{\"apiKey\": \"k\\u0000\"}"), "weightsAndBiasesAuth.apiKey");
        reject(c, "apiKey lone surrogate", wandb("{\"apiKey\": \"\\ud800\"}"), "weightsAndBiasesAuth.apiKey");
        reject(c, "additionalDns with NUL", endpoints("{\"additionalDns\": [\"a\\u0000.com\"]}"),
                "endpointConfiguration.additionalDns[0]");
        reject(c, "additionalDns lone surrogate", endpoints("{\"additionalDns\": [\"\\ud800.com\"]}"),
                "endpointConfiguration.additionalDns[0]");
        accept(c, "unknown field named NUL", doc(Map.of("\\u0000", "1")));
        // Jackson accepts a lone surrogate escaped in a string value (the validator refuses it where it matters) but
        // not in a member name.
        reject(c, "unknown field named lone surrogate", doc(Map.of("\\ud800", "1")), "body");
        accept(c, "unknown field named with CR LF", doc(Map.of("a\\r\\nX-Injected: yes", "1")));
        accept(c, "unknown field named with quote and backslash", doc(Map.of("a\\\"b\\\\c", "1")));
        accept(c, "unknown field named with non-ASCII", doc(Map.of("f\u00e9ld\u202e\uD83D\uDE80", "1")));
        accept(c, "unknown field with a very long name", doc(Map.of("k".repeat(20_000), "1")));
        accept(c, "many unknown fields", doc(Map.of("f0", "1" + unknownFields(3000))));
        accept(c, "unknown field holding 1e400", doc(Map.of("x", "1e400")));
        accept(c, "unknown field holding a deep but allowed nesting", doc(Map.of("x", "[".repeat(500)
                + "]".repeat(500))));
        accept(c, "output-only organizationId", doc(Map.of("organizationId", "\"globex\"")));
        accept(c, "output-only status", doc(Map.of("status", "{\"status\": \"STATUS_READY\"}")));
        // Odd Unicode.
        accept(c, "name right-to-left override", doc(Map.of("name", "\"\u202egw-rtl\"")));
        accept(c, "name emoji", doc(Map.of("name", "\"\uD83D\uDE80 gateway\"")));
        accept(c, "name as escaped surrogate pair", doc(Map.of("name", "\"\\uD83D\\uDE80\"")));
        accept(c, "name zero-width space", doc(Map.of("name", "\"\u200b\"")));
        accept(c, "name byte order mark", doc(Map.of("name", "\"\ufeffgw\"")));
        accept(c, "name 38 emoji", doc(Map.of("name", "\"" + "\uD83D\uDE80".repeat(38) + "\"")));
        reject(c, "name 39 emoji", doc(Map.of("name", "\"" + "\uD83D\uDE80".repeat(39) + "\"")), "name");
        accept(c, "name combining marks", doc(Map.of("name", "\"e\u0301\u0301\u0301\"")));
        reject(c, "zone with zero-width space", doc(Map.of("zones", "[\"US-EAST-04A\u200b\"]")), "zones[0]");
        reject(c, "zone with RTL override", doc(Map.of("zones", "[\"\u202eUS-EAST-04A\"]")), "zones[0]");
        reject(c, "zone with unicode hyphens", doc(Map.of("zones", "[\"US\u2010EAST\u201004A\"]")), "zones[0]");
        reject(c, "zone in fullwidth letters", doc(Map.of("zones", "[\"\uFF35\uFF33-EAST-04A\"]")), "zones[0]");
        reject(c, "zone with dotless i trick", doc(Map.of("zones", "[\"us-east-04a\u0131\"]")), "zones[0]");
        reject(c, "zone with long s", doc(Map.of("zones", "[\"u\u017f-ea\u017ft-04a\"]")), "zones[0]");
        reject(c, "headerName emoji", header("\"X-\uD83D\uDE80\""), "headerBasedRouting.headerName");
        reject(c, "headerName zero-width", header("\"X\u200bY\""), "headerBasedRouting.headerName");
        reject(c, "additionalDns IDN unencoded", endpoints("{\"additionalDns\": [\"b\u00fccher.example\"]}"),
                "endpointConfiguration.additionalDns[0]");
        accept(c, "additionalDns punycode", endpoints("{\"additionalDns\": [\"xn--bcher-kva.example\"]}"));
        // SQL injection.
        accept(c, "name SQL injection", doc(Map.of("name", "\"'; DROP TABLE gateway; --\"")));
        reject(c, "zone SQL injection", doc(Map.of("zones", "[\"' OR '1'='1\"]")), "zones[0]");
        reject(c, "headerName SQL injection", header("\"x' OR 1=1 --\""), "headerBasedRouting.headerName");
        reject(c, "additionalDns SQL injection", endpoints("{\"additionalDns\": [\"a.com'; DROP TABLE gateway;--\"]}"),
                "endpointConfiguration.additionalDns[0]");
        reject(c, "CIDR SQL injection", cidr("10.0.0.0/8' OR '1'='1"), "endpointConfiguration.allowedSourceIpRanges[0]");
        // Very long strings (still below the 64 KiB body limit).
        reject(c, "name 60000 characters", doc(Map.of("name", "\"" + "a".repeat(60_000) + "\"")), "name");
        reject(c, "zone 60000 characters", doc(Map.of("zones", "[\"" + "A".repeat(60_000) + "\"]")), "zones[0]");
        reject(c, "headerName 60000 characters", header("\"" + "h".repeat(60_000) + "\""),
                "headerBasedRouting.headerName");
        reject(c, "apiKey 60000 characters", wandb("{\"apiKey\": \"" + "k".repeat(60_000) + "\"}"),
                "weightsAndBiasesAuth.apiKey");
        reject(c, "5000 unknown zones", doc(Map.of("zones", "[" + entries(5000, "Z-%d") + "]")), "zones[4999]");
        accept(c, "3000 duplicate zones", doc(Map.of("zones", "[" + entries(3000, "us-east-04a") + "]")));
        // Invalid UTF-8.
        c.add(new Case("invalid UTF-8 continuation", utf8WithBytes(new byte[] {(byte) 0xC3, 0x28}), "body"));
        c.add(new Case("invalid UTF-8 byte FF", utf8WithBytes(new byte[] {(byte) 0xFF}), "body"));
        c.add(new Case("overlong UTF-8 slash", utf8WithBytes(new byte[] {(byte) 0xC0, (byte) 0xAF}), "body"));
        c.add(new Case("overlong UTF-8 NUL", utf8WithBytes(new byte[] {(byte) 0xC0, (byte) 0x80}), "body"));
        c.add(new Case("overlong 3-byte UTF-8", utf8WithBytes(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}),
                "body"));
        c.add(new Case("lone UTF-8 continuation byte", utf8WithBytes(new byte[] {(byte) 0x80}), "body"));
        c.add(new Case("truncated UTF-8 sequence", utf8WithBytes(new byte[] {(byte) 0xE2, (byte) 0x82}), "body"));
        c.add(new Case("UTF-8 encoded surrogate (CESU-8)", utf8WithBytes(new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}), "body"));
        c.add(new Case("code point above U+10FFFF", utf8WithBytes(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
                (byte) 0x80}), "body"));
        c.add(new Case("invalid UTF-8 in a key", concat("{\"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFE}, "\": 1}".getBytes(StandardCharsets.UTF_8)), "body"));
        c.add(new Case("UTF-8 byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                BASE_DOC.getBytes(StandardCharsets.UTF_8)), null));
        c.add(new Case("UTF-16 body", BASE_DOC.getBytes(StandardCharsets.UTF_16), "body"));
        c.add(new Case("NUL bytes", new byte[] {0, 0, 0, 0}, "body"));
        c.add(new Case("a valid 4-byte UTF-8 character", utf8WithBytes(new byte[] {(byte) 0xF0, (byte) 0x9F,
                (byte) 0x9A, (byte) 0x80}), null));
        return c;
    }

    static Stream<Arguments> corpusInEveryMode() {
        List<Arguments> arguments = new ArrayList<>();
        for (Case c : corpus()) {
            for (Mode mode : Mode.values()) {
                arguments.add(arguments(mode, c));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpusInEveryMode")
    void hostileBodiesAreRefusedNamingTheFieldOrAccepted(Mode mode, Case c) {
        if (c.field() == null) {
            assertThat(process(mode, c.body())).isNotNull();
            return;
        }
        InvalidArgumentException refused = catchThrowableOfType(InvalidArgumentException.class,
                () -> process(mode, c.body()));
        assertThat(refused).as("%s was accepted", c).isNotNull();
        assertThat(refused.violations()).extracting(FieldViolation::field).contains(c.field());
        assertThat(refused.violations()).allSatisfy(v -> assertThat(v.description())
                .as("a short description that does not repeat the input").isNotBlank().hasSizeLessThan(300));
    }

    @Test
    void theCorpusHasNoDuplicateLabels() {
        List<String> labels = corpus().stream().map(Case::label).toList();
        assertThat(labels).doesNotHaveDuplicates().hasSizeGreaterThan(150);
    }

    // ---- secrets ----------------------------------------------------------------------------------------

    static final String TOKEN = "sk-live-7f3a9c2e4b1d8f60a5c3e9b7d2f4a1c8";

    static Stream<Arguments> bodiesAroundASecret() {
        String bare = TOKEN.replace("-", "_");
        return Stream.of(
                arguments("unquoted", "{\"weightsAndBiasesAuth\": {\"apiKey\": " + TOKEN + "}}", "body"),
                arguments("unquoted, one token", "{\"weightsAndBiasesAuth\": {\"apiKey\": " + bare + "}}", "body"),
                arguments("truncated", "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + TOKEN + "\"", "body"),
                arguments("unterminated string", "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + TOKEN, "body"),
                arguments("two values", "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + TOKEN + "\" \"" + TOKEN
                        + "\"}}", "body"),
                arguments("duplicate key", "{\"weightsAndBiasesAuth\": {\"apiKey\": \"" + TOKEN + "\", \"apiKey\": \""
                        + TOKEN + "\"}}", "body"),
                arguments("single-quoted", "{\"weightsAndBiasesAuth\": {\"apiKey\": '" + TOKEN + "'}}", "body"),
                arguments("a key that is the secret", "{" + bare + ": 1}", "body"),
                arguments("the secret as a bare document", bare, "body"),
                arguments("the secret after a document", BASE_DOC + " " + bare, "body"),
                arguments("the secret as a bad escape", "{\"name\": \"\\" + bare + "\"}", "body"),
                arguments("the secret with a control character", "{\"name\": \"" + bare + "\u0001\"}", "body"),
                arguments("in an array", "{\"weightsAndBiasesAuth\": {\"apiKey\": [\"" + TOKEN + "\"]}}",
                        "weightsAndBiasesAuth.apiKey"),
                arguments("in an object", "{\"weightsAndBiasesAuth\": {\"apiKey\": {\"v\": \"" + TOKEN + "\"}}}",
                        "weightsAndBiasesAuth.apiKey"),
                arguments("as the option", "{\"weightsAndBiasesAuth\": \"" + TOKEN + "\"}", "weightsAndBiasesAuth"),
                arguments("as an enum", "{\"bodyBasedRouting\": {\"apiType\": \"" + TOKEN + "\"}}",
                        "bodyBasedRouting.apiType"),
                arguments("as a boolean", "{\"weightsAndBiasesAuth\": {\"enableUsageReports\": \"" + TOKEN + "\"}}",
                        "weightsAndBiasesAuth.enableUsageReports"),
                arguments("with a control character", wandb("{\"apiKey\": \"" + TOKEN + "\\u0000\"}"),
                        "weightsAndBiasesAuth.apiKey"),
                arguments("with a lone surrogate", wandb("{\"apiKey\": \"" + TOKEN + "\\ud800\"}"),
                        "weightsAndBiasesAuth.apiKey"),
                arguments("too long", wandb("{\"apiKey\": \"" + TOKEN.repeat(120) + "\"}"),
                        "weightsAndBiasesAuth.apiKey"),
                arguments("next to a bad serverUrl", wandb("{\"apiKey\": \"" + TOKEN
                        + "\", \"serverUrl\": \"http://insecure.example.com\"}"), "weightsAndBiasesAuth.serverUrl"),
                arguments("next to both auth options", doc(Map.of("weightsAndBiasesAuth", "{\"apiKey\": \"" + TOKEN
                        + "\"}")), "auth"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesAroundASecret")
    void aRefusalNeverRepeatsASecretLookingToken(String label, String body, String field) {
        for (Mode mode : Mode.values()) {
            InvalidArgumentException refused = catchThrowableOfType(InvalidArgumentException.class,
                    () -> process(mode, body.getBytes(StandardCharsets.UTF_8)));
            assertThat(refused).as("%s %s was accepted", mode, label).isNotNull();
            assertThat(refused.violations()).extracting(FieldViolation::field).as("%s", mode).contains(field);
            for (String secret : List.of(TOKEN, TOKEN.replace("-", "_"), TOKEN.substring(8), "7f3a9c2e")) {
                assertThat(refused.getMessage()).as("%s %s", mode, label).doesNotContain(secret);
            }
        }
    }

    // ---- what is read -----------------------------------------------------------------------------------

    @Test
    void aValidBodyIsReadIntoItsTypedValueAndTree() {
        StrictJsonReader.Parsed<GatewaySpecDto> parsed = READER.read(bytes("""
                {"id": "%s", "name": "llama", "zones": ["us-east-04a"], "organizationId": "ignored",
                 "weightsAndBiasesAuth": {"apiKey": "k", "enableUsageReports": true},
                 "headerBasedRouting": {"headerName": "X-Model"},
                 "endpointConfiguration": {"additionalDns": ["a.example.com"], "allowedSourceIpRanges": [],
                                           "edgeProxyMode": "EDGE_PROXY_MODE_DIRECT"}}""".formatted(STORED_ID)),
                GatewaySpecDto.class);
        GatewaySpecDto dto = parsed.value();
        assertThat(dto.id()).isEqualTo(STORED_ID.toString());
        assertThat(dto.spec().zones()).containsExactly("us-east-04a");
        assertThat(dto.spec().weightsAndBiasesAuth().apiKey()).isEqualTo("k");
        assertThat(dto.spec().weightsAndBiasesAuth().enableUsageReports()).isTrue();
        assertThat(dto.spec().weightsAndBiasesAuth().enableRateLimiting()).isNull();
        assertThat(dto.spec().endpointConfiguration().edgeProxyMode()).isEqualTo(EdgeProxyMode.EDGE_PROXY_MODE_DIRECT);
        assertThat(dto.spec().coreWeaveAuth()).isNull();
        assertThat(parsed.tree().fieldNames()).toIterable().containsExactly("id", "name", "zones", "organizationId",
                "weightsAndBiasesAuth", "headerBasedRouting", "endpointConfiguration");
        assertThat(parsed.unknownFields()).isEmpty();
    }

    static Stream<Arguments> enumsByNameOrNumber() {
        return Stream.of(
                arguments("\"EDGE_PROXY_MODE_UNSPECIFIED\"", EdgeProxyMode.EDGE_PROXY_MODE_UNSPECIFIED),
                arguments("0", EdgeProxyMode.EDGE_PROXY_MODE_UNSPECIFIED),
                arguments("\"EDGE_PROXY_MODE_MANAGED\"", EdgeProxyMode.EDGE_PROXY_MODE_MANAGED),
                arguments("1", EdgeProxyMode.EDGE_PROXY_MODE_MANAGED),
                arguments("\"EDGE_PROXY_MODE_DIRECT\"", EdgeProxyMode.EDGE_PROXY_MODE_DIRECT),
                arguments("2", EdgeProxyMode.EDGE_PROXY_MODE_DIRECT),
                arguments("null", null));
    }

    @ParameterizedTest
    @MethodSource("enumsByNameOrNumber")
    void edgeProxyModeIsReadByNameOrNumber(String json, EdgeProxyMode mode) {
        GatewaySpecDto dto = READER.read(bytes("{\"endpointConfiguration\": {\"edgeProxyMode\": " + json + "}}"),
                GatewaySpecDto.class).value();
        assertThat(dto.spec().endpointConfiguration().edgeProxyMode()).isEqualTo(mode);
    }

    @Test
    void aMemberSetToNullIsInTheTreeAndAbsentOneIsNot() {
        StrictJsonReader.Parsed<GatewaySpecDto> parsed = READER.read(bytes("{\"coreWeaveAuth\": null}"),
                GatewaySpecDto.class);
        assertThat(parsed.value().spec().coreWeaveAuth()).isNull();
        assertThat(parsed.tree().get("coreWeaveAuth").isNull()).isTrue();
        assertThat(parsed.tree().get("pathBasedRouting")).isNull();
    }

    // ---- unknown members --------------------------------------------------------------------------------

    static Stream<Arguments> unknownMembers() {
        return Stream.of(
                arguments("{\"name\": \"n\"}", List.of()),
                arguments("{\"x\": 1}", List.of("x")),
                arguments("{\"x\": {\"y\": 1}}", List.of("x")), // inside an unknown member: not looked at
                arguments("{\"status\": {\"status\": \"STATUS_READY\"}, \"organizationId\": \"acme\"}",
                        List.of("status")),
                arguments("{\"endpointConfiguration\": {\"foo\": [1, 2], \"additionalDns\": [\"w.example.com\"]}}",
                        List.of("endpointConfiguration.foo")),
                arguments("{\"coreWeaveAuth\": {\"token\": \"t\"}, \"pathBasedRouting\": {\"prefix\": \"/v1\"}}",
                        List.of("coreWeaveAuth.token", "pathBasedRouting.prefix")),
                arguments("{\"weightsAndBiasesAuth\": {\"apiKey\": \"k\", \"apikey\": \"k\"}}",
                        List.of("weightsAndBiasesAuth.apikey")), // member names are case-sensitive
                arguments("{\"bodyBasedRouting\": {\"apiType\": 1, \"model\": \"llama\"}}",
                        List.of("bodyBasedRouting.model")),
                arguments("{\"headerBasedRouting\": {\"headerName\": \"X\", \"values\": []}}",
                        List.of("headerBasedRouting.values")),
                arguments("{\"zones\": [\"US-EAST-04A\"], \"Zones\": []}", List.of("Zones")),
                arguments("{\"a\\u0000b\": 1, \"c\\r\\nX-Injected: yes\": 2}", List.of("a\u0000b", "c\r\nX-Injected: yes")),
                arguments("{\"endpointConfiguration\": null, \"x\": null}", List.of("x")));
    }

    @ParameterizedTest
    @MethodSource("unknownMembers")
    void unknownMembersAreCollectedWithTheirPath(String json, List<String> unknown) {
        assertThat(READER.read(bytes(json), GatewaySpecDto.class).unknownFields()).isEqualTo(unknown);
    }

    @Test
    void unknownMembersAreCollectedUpToALimitInDocumentOrder() {
        List<String> unknown = READER.read(bytes(doc(Map.of("f0", "1" + unknownFields(3000)))), GatewaySpecDto.class)
                .unknownFields();
        assertThat(unknown).hasSize(StrictJsonReader.MAX_UNKNOWN_FIELDS).startsWith("f0", "f1", "f2");
    }


    // ---- corpus helpers ---------------------------------------------------------------------------------

    /**
     * A valid spec document whose members are replaced by raw JSON fragments; an empty fragment removes the
     * member; unknown names are appended.
     */
    public static String doc(Map<String, String> overrides) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("name", "\"corpus-gw\"");
        members.put("zones", "[\"US-EAST-04A\"]");
        members.put("coreWeaveAuth", "{}");
        members.put("bodyBasedRouting", "{\"apiType\": \"API_TYPE_OPENAI\"}");
        members.putAll(overrides);
        StringJoiner json = new StringJoiner(", ", "{", "}");
        members.forEach((name, value) -> {
            if (!value.isEmpty()) {
                json.add("\"" + name + "\": " + value);
            }
        });
        return json.toString();
    }

    /** Header routing instead of body routing ({@code null} removes the stored option in a merge patch). */
    static String header(String headerNameJson) {
        return doc(Map.of("bodyBasedRouting", "null", "headerBasedRouting", "{\"headerName\": " + headerNameJson + "}"));
    }

    static String wandb(String authJson) {
        return doc(Map.of("coreWeaveAuth", "null", "weightsAndBiasesAuth", authJson));
    }

    public static String apiType(String apiTypeJson) {
        return doc(Map.of("bodyBasedRouting", "{\"apiType\": " + apiTypeJson + "}"));
    }

    static String endpoints(String configurationJson) {
        return doc(Map.of("endpointConfiguration", configurationJson));
    }

    static String cidr(String range) {
        return endpoints("{\"allowedSourceIpRanges\": [\"" + range + "\"]}");
    }

    public static String edge(String modeJson) {
        return endpoints("{\"edgeProxyMode\": " + modeJson + "}");
    }

    static String entries(int count, String format) {
        StringJoiner list = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            list.add("\"" + String.format(format, i) + "\"");
        }
        return list.toString();
    }

    static String unknownFields(int count) {
        StringBuilder fields = new StringBuilder();
        for (int i = 1; i < count; i++) {
            fields.append(", \"f").append(i).append("\": ").append(i);
        }
        return fields.toString();
    }

    public static byte[] utf8WithBytes(byte[] inName) {
        return concat("{\"name\": \"bad".getBytes(StandardCharsets.UTF_8), inName,
                ("\", \"zones\": [], \"coreWeaveAuth\": {}, \"bodyBasedRouting\": {\"apiType\": 1}}").getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static void reject(List<Case> cases, String label, String body, String field) {
        cases.add(new Case(label, bytes(body), field));
    }

    static void accept(List<Case> cases, String label, String body) {
        cases.add(new Case(label, bytes(body), null));
    }
}
