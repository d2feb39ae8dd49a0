package dev.inference.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of {@link SpecValidator}, table by table, without a server: what is accepted and how it is normalised,
 * what is refused and which field the refusal names.
 */
class SpecValidatorTest {
    static final List<String> ZONES = List.of("US-EAST-04A", "US-EAST-06A", "US-WEST-09B", "EU-SOUTH-03A");
    static final SpecValidator VALIDATOR = new SpecValidator(ZONES);

    // ---- a valid spec and variations of it ----------------------------------------------------------------

    /** Valid: one zone, coreWeaveAuth, bodyBasedRouting, no endpointConfiguration. */
    static GatewaySpec valid() {
        return new GatewaySpec("gw", List.of("US-EAST-04A"), new CoreWeaveAuth(), null,
                new BodyBasedRouting(ApiType.API_TYPE_OPENAI), null, null, null);
    }

    static GatewaySpec named(String name) {
        GatewaySpec s = valid();
        return new GatewaySpec(name, s.zones(), s.coreWeaveAuth(), null, s.bodyBasedRouting(), null, null, null);
    }

    static GatewaySpec inZones(List<String> zones) {
        GatewaySpec s = valid();
        return new GatewaySpec(s.name(), zones, s.coreWeaveAuth(), null, s.bodyBasedRouting(), null, null, null);
    }

    static GatewaySpec authed(CoreWeaveAuth coreWeave, WeightsAndBiasesAuth wandb) {
        GatewaySpec s = valid();
        return new GatewaySpec(s.name(), s.zones(), coreWeave, wandb, s.bodyBasedRouting(), null, null, null);
    }

    static GatewaySpec wandb(String apiKey, String serverUrl) {
        return authed(null, new WeightsAndBiasesAuth(apiKey, serverUrl, null, null));
    }

    static GatewaySpec routed(BodyBasedRouting body, HeaderBasedRouting header, PathBasedRouting path) {
        GatewaySpec s = valid();
        return new GatewaySpec(s.name(), s.zones(), s.coreWeaveAuth(), null, body, header, path, null);
    }

    static GatewaySpec header(String headerName) {
        return routed(null, new HeaderBasedRouting(headerName), null);
    }

    static GatewaySpec endpoints(EndpointConfiguration configuration) {
        return valid().withEndpointConfiguration(configuration);
    }

    static GatewaySpec dns(List<String> names) {
        return endpoints(new EndpointConfiguration(names, null, null));
    }

    static GatewaySpec ranges(List<String> ranges) {
        return endpoints(new EndpointConfiguration(null, ranges, null));
    }

    /** A list that may hold nulls (List.of may not). */
    static List<String> listOf(String... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    static List<FieldViolation> violations(GatewaySpec spec) {
        try {
            VALIDATOR.normalize(spec);
        } catch (InvalidArgumentException e) {
            return e.violations();
        }
        throw new AssertionError("accepted: " + spec);
    }

    /** Asserts that the spec is refused with exactly one violation, of {@code field}, whose description contains {@code text}. */
    static void assertRefused(GatewaySpec spec, String field, String text) {
        assertThat(violations(spec)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.description()).contains(text);
        });
    }

    // ---- name ---------------------------------------------------------------------------------------------

    static Stream<Arguments> acceptedNames() {
        String name38 = "n".repeat(38);
        String rocket = "\uD83D\uDE80";
        return Stream.of(
                arguments("gw", "gw"),
                arguments("  gw \t", "gw"),
                arguments("\ngw\r\n", "gw"),
                arguments("\u00a0gw\u00a0", "gw"), // no-break space, which String.strip() keeps
                arguments("\u2007gw\u202f", "gw"), // figure space, narrow no-break space
                arguments("\u3000gw\u2003", "gw"), // ideographic and em spaces
                arguments("inner  spaces\u00a0kept", "inner  spaces\u00a0kept"),
                arguments(name38, name38),
                arguments("   " + name38 + "\u00a0\u00a0", name38), // trimmed before the length check
                arguments(rocket.repeat(38), rocket.repeat(38)), // 38 code points, 76 UTF-16 units
                arguments("Prod / EU (käse) #1", "Prod / EU (käse) #1"),
                arguments("'; DROP TABLE gateway; --", "'; DROP TABLE gateway; --"),
                arguments("\u202egw-rtl", "\u202egw-rtl"), // a format character, not a control
                arguments("e\u0301\u0301\u0301", "e\u0301\u0301\u0301"),
                arguments("\ufeffgw", "\ufeffgw"));
    }

    @ParameterizedTest
    @MethodSource("acceptedNames")
    void namesAreTrimmedAndAccepted(String raw, String stored) {
        assertThat(VALIDATOR.normalize(named(raw)).name()).isEqualTo(stored);
    }

    static Stream<Arguments> refusedNames() {
        return Stream.of(
                arguments(null, "is required"),
                arguments("", "must not be empty"),
                arguments("   \t ", "must not be empty"),
                arguments("\u00a0\u2007\u202f\u3000\n", "must not be empty"),
                arguments("n".repeat(39), "must be at most 38 characters, got 39"),
                arguments(" " + "n".repeat(39) + " ", "must be at most 38 characters, got 39"),
                arguments("\uD83D\uDE80".repeat(39), "must be at most 38 characters, got 39"),
                arguments("a".repeat(60_000), "must be at most 38 characters, got 60000"),
                arguments("a\u0000b", "must not contain control characters"),
                arguments("a\u001bb", "must not contain control characters"),
                arguments("tab\tinside", "must not contain control characters"),
                arguments("line\nbreak", "must not contain control characters"),
                arguments("del\u007f", "must not contain control characters"),
                arguments("c1\u0085control", "must not contain control characters"),
                arguments("\ud800", "must be valid Unicode"),
                arguments("a\udc00b", "must be valid Unicode"),
                arguments("\udc00\ud800", "must be valid Unicode"), // a pair in the wrong order
                arguments("gw\ud83d", "must be valid Unicode"));
    }

    @ParameterizedTest
    @MethodSource("refusedNames")
    void badNamesAreRefused(String raw, String description) {
        assertRefused(named(raw), "name", description);
    }

    // ---- zones --------------------------------------------------------------------------------------------

    static Stream<Arguments> acceptedZones() {
        return Stream.of(
                arguments(List.of(), List.of()), // every available zone
                arguments(List.of("US-EAST-04A"), List.of("US-EAST-04A")),
                arguments(List.of("us-east-04a", "Us-West-09b"), List.of("US-EAST-04A", "US-WEST-09B")),
                arguments(List.of(" eu-south-03a "), List.of("EU-SOUTH-03A")),
                arguments(List.of("US-EAST-04A", "us-east-04a", "EU-SOUTH-03A", "US-EAST-04A"),
                        List.of("US-EAST-04A", "EU-SOUTH-03A")),
                arguments(List.of("EU-SOUTH-03A", "US-EAST-04A"), List.of("EU-SOUTH-03A", "US-EAST-04A")),
                arguments(Collections.nCopies(3000, "us-east-04a"), List.of("US-EAST-04A")));
    }

    @ParameterizedTest
    @MethodSource("acceptedZones")
    void zonesMatchCaseInsensitivelyAndAreStoredCanonicallyWithoutDuplicates(List<String> raw, List<String> stored) {
        assertThat(VALIDATOR.normalize(inZones(raw)).zones()).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"US-NOWHERE-1", "", " ", "US-EAST-04", "US-EAST-04AA", "US_EAST_04A",
            "u\u017f-ea\u017ft-04a", // long s upper-cases to S in Unicode: zone names match in ASCII only
            "us-east-04a\u0131", "\uFF35\uFF33-EAST-04A", "US-EAST-04A\u200b", "\u202eUS-EAST-04A",
            "US\u2010EAST\u201004A", "US-EAST-04A\u0000", "\ud800", "' OR '1'='1"})
    void unknownZonesAreRefusedByIndexAndValue(String zone) {
        List<FieldViolation> violations = violations(inZones(List.of("US-EAST-04A", zone)));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("zones[1]");
            assertThat(v.description()).isEqualTo("unknown zone " + SpecValidator.quote(zone));
        });
    }

    @Test
    void zonesAreRequiredAndEntriesMustNotBeNull() {
        assertRefused(inZones(null), "zones", "is required");
        assertThat(violations(inZones(listOf("NOPE", "US-EAST-04A", null))))
                .extracting(FieldViolation::field, FieldViolation::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("zones[0]", "unknown zone \"NOPE\""),
                        org.assertj.core.groups.Tuple.tuple("zones[2]", "must not be null"));
    }

    @Test
    void zonesMatchWhateverTheDefaultLocale() {
        SpecValidator midwest = new SpecValidator(List.of("MIDWEST-01A"));
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "i".toUpperCase() is "İ" in Turkish
        try {
            assertThat(midwest.normalize(inZones(List.of("midwest-01a"))).zones()).containsExactly("MIDWEST-01A");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theAvailableZonesKeepTheirOwnSpelling() {
        SpecValidator mixed = new SpecValidator(List.of("eu-North-1", "EU-NORTH-1"));
        assertThat(mixed.normalize(inZones(List.of("EU-NORTH-1"))).zones()).containsExactly("eu-North-1");
    }

    // ---- auth ---------------------------------------------------------------------------------------------

    @Test
    void exactlyOneAuthOptionIsRequired() {
        assertRefused(authed(null, null), "auth", "exactly one of coreWeaveAuth or weightsAndBiasesAuth is required");
        assertRefused(authed(new CoreWeaveAuth(), new WeightsAndBiasesAuth("k", null, null, null)), "auth",
                "only one of coreWeaveAuth or weightsAndBiasesAuth may be set");
        assertThat(VALIDATOR.normalize(authed(new CoreWeaveAuth(), null)).coreWeaveAuth()).isEqualTo(new CoreWeaveAuth());
    }

    static Stream<Arguments> acceptedWeightsAndBiases() {
        return Stream.of(
                arguments(new WeightsAndBiasesAuth(null, null, null, null),
                        new WeightsAndBiasesAuth(null, null, false, false)), // an update keeps the stored key
                arguments(new WeightsAndBiasesAuth("k", null, true, null), new WeightsAndBiasesAuth("k", null, true, false)),
                arguments(new WeightsAndBiasesAuth("k", "https://wandb.example.com/api", false, true),
                        new WeightsAndBiasesAuth("k", "https://wandb.example.com/api", false, true)),
                arguments(new WeightsAndBiasesAuth("k", "  https://wandb.example.com \t", null, null),
                        new WeightsAndBiasesAuth("k", "https://wandb.example.com", false, false)),
                arguments(new WeightsAndBiasesAuth("k", "HTTPS://WANDB.EXAMPLE.COM:8443/x?y=1", null, null),
                        new WeightsAndBiasesAuth("k", "HTTPS://WANDB.EXAMPLE.COM:8443/x?y=1", false, false)),
                arguments(new WeightsAndBiasesAuth("k".repeat(4096), null, null, null),
                        new WeightsAndBiasesAuth("k".repeat(4096), null, false, false)),
                arguments(new WeightsAndBiasesAuth(" k ", null, null, null), // a key is opaque: never trimmed
                        new WeightsAndBiasesAuth(" k ", null, false, false)),
                arguments(new WeightsAndBiasesAuth("k", longUrl(2048), null, null),
                        new WeightsAndBiasesAuth("k", longUrl(2048), false, false)));
    }

    @ParameterizedTest
    @MethodSource("acceptedWeightsAndBiases")
    void weightsAndBiasesAuthIsNormalised(WeightsAndBiasesAuth raw, WeightsAndBiasesAuth stored) {
        WeightsAndBiasesAuth normalised = VALIDATOR.normalize(authed(null, raw)).weightsAndBiasesAuth();
        assertThat(normalised).isEqualTo(stored);
        assertThat(normalised.apiKey()).isEqualTo(stored.apiKey()); // records compare it, toString hides it
    }

    static Stream<Arguments> refusedApiKeys() {
        return Stream.of(
                arguments("", "must not be empty"),
                arguments("   ", "must not be empty"),
                arguments("\t\n", "must not be empty"),
                arguments("k".repeat(4097), "must be at most 4096 characters"),
                arguments("k".repeat(60_000), "must be at most 4096 characters"),
                arguments("k\u0000", "must not contain control characters"),
                arguments("k\r\nX-Injected: 1", "must not contain control characters"),
                arguments("\ud800", "must be valid Unicode"),
                arguments("sk-\udc00", "must be valid Unicode"));
    }

    @ParameterizedTest
    @MethodSource("refusedApiKeys")
    void badApiKeysAreRefusedWithoutBeingQuoted(String apiKey, String description) {
        List<FieldViolation> violations = violations(wandb(apiKey, null));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("weightsAndBiasesAuth.apiKey");
            assertThat(v.description()).isEqualTo(description);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://wandb.example.com", "ftp://wandb.example.com", "/relative/path",
            "wandb.example.com", "https://", "https:opaque", "not a url", "javascript:alert(1)",
            "https://a\u0000.com", "https://exa mple.com", "https:///path-only", "", "   "})
    void serverUrlMustBeAnAbsoluteHttpsUrl(String url) {
        assertRefused(wandb("k", url), "weightsAndBiasesAuth.serverUrl", "must be an absolute https URL");
    }

    @Test
    void serverUrlIsAtMost2048Characters() {
        String url = longUrl(2048);
        assertThat(VALIDATOR.normalize(wandb("k", url)).weightsAndBiasesAuth().serverUrl()).isEqualTo(url);
        assertRefused(wandb("k", url + "m"), "weightsAndBiasesAuth.serverUrl", "must be at most 2048 characters");
    }

    @Test
    void serverUrlRequiresAnApiKey() {
        assertRefused(wandb(null, "https://wandb.example.com"), "weightsAndBiasesAuth.apiKey",
                "is required when serverUrl is set");
        // Both problems at once.
        assertThat(violations(wandb(null, "http://wandb.example.com"))).extracting(FieldViolation::field)
                .containsExactlyInAnyOrder("weightsAndBiasesAuth.serverUrl", "weightsAndBiasesAuth.apiKey");
    }

    // ---- routing ------------------------------------------------------------------------------------------

    static Stream<Arguments> routingOptions() {
        BodyBasedRouting body = new BodyBasedRouting(ApiType.API_TYPE_OPENAI);
        HeaderBasedRouting header = new HeaderBasedRouting("X-Model");
        PathBasedRouting path = new PathBasedRouting();
        String none = "exactly one of bodyBasedRouting, headerBasedRouting or pathBasedRouting is required";
        String many = "only one of bodyBasedRouting, headerBasedRouting or pathBasedRouting may be set";
        return Stream.of(
                arguments(null, null, null, none),
                arguments(body, header, null, many),
                arguments(body, null, path, many),
                arguments(null, header, path, many),
                arguments(body, header, path, many));
    }

    @ParameterizedTest
    @MethodSource("routingOptions")
    void exactlyOneRoutingOptionIsRequired(BodyBasedRouting body, HeaderBasedRouting header, PathBasedRouting path,
            String description) {
        assertRefused(routed(body, header, path), "routing", description);
    }

    @Test
    void eachRoutingOptionAloneIsAccepted() {
        assertThat(VALIDATOR.normalize(routed(null, null, new PathBasedRouting())).pathBasedRouting())
                .isEqualTo(new PathBasedRouting());
        assertThat(VALIDATOR.normalize(header("X-Model")).headerBasedRouting())
                .isEqualTo(new HeaderBasedRouting("X-Model"));
        assertThat(VALIDATOR.normalize(valid()).bodyBasedRouting())
                .isEqualTo(new BodyBasedRouting(ApiType.API_TYPE_OPENAI));
    }

    @Test
    void apiTypeIsRequiredAndNotUnspecified() {
        assertRefused(routed(new BodyBasedRouting(null), null, null), "bodyBasedRouting.apiType", "is required");
        assertRefused(routed(new BodyBasedRouting(ApiType.API_TYPE_UNSPECIFIED), null, null),
                "bodyBasedRouting.apiType", "must not be API_TYPE_UNSPECIFIED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Model", "x_model", "!#$%&'*+-.^_`|~09AZaz", "a"})
    void headerNamesThatAreHttpTokensAreAccepted(String headerName) {
        assertThat(VALIDATOR.normalize(header(headerName)).headerBasedRouting().headerName()).isEqualTo(headerName);
    }

    @Test
    void headerNameIsOneToAHundredCharacters() {
        String h100 = "X-" + "a".repeat(98);
        assertThat(VALIDATOR.normalize(header(h100)).headerBasedRouting().headerName()).isEqualTo(h100);
        assertRefused(header(h100 + "b"), "headerBasedRouting.headerName", "must be at most 100 characters");
        assertRefused(header("h".repeat(60_000)), "headerBasedRouting.headerName", "must be at most 100 characters");
        assertRefused(header(null), "headerBasedRouting.headerName", "is required");
        assertRefused(header(""), "headerBasedRouting.headerName", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Header", "é", "X-Modél", "X:Model", "X-Model\r\nEvil: 1", "(X)", "X\"Y", "X/Y",
            " X-Model", "X-Model ", "X@Y", "X\u0000", "\ud800", "X-\uD83D\uDE80", "X\u200bY", "x' OR 1=1 --", "X,Y",
            "X;Y", "X=Y", "[X]", "{X}", "X?", "X\tY"})
    void headerNamesThatAreNotHttpTokensAreRefused(String headerName) {
        assertRefused(header(headerName), "headerBasedRouting.headerName",
                "must be a valid HTTP header field name (RFC 9110 token)");
    }

    // ---- endpointConfiguration ----------------------------------------------------------------------------

    @Test
    void anAbsentEndpointConfigurationIsNormalisedToEmptyLists() {
        assertThat(VALIDATOR.normalize(valid()).endpointConfiguration())
                .isEqualTo(new EndpointConfiguration(List.of(), List.of(), null));
        assertThat(VALIDATOR.normalize(endpoints(new EndpointConfiguration(null, null, null))).endpointConfiguration())
                .isEqualTo(new EndpointConfiguration(List.of(), List.of(), null));
    }

    static Stream<Arguments> acceptedDnsNames() {
        return Stream.of(
                arguments(List.of("api.example.com"), List.of("api.example.com")),
                arguments(List.of("API.Example.COM", " api.example.com ", "models.acme.example"),
                        List.of("api.example.com", "models.acme.example")),
                arguments(List.of("localhost"), List.of("localhost")),
                arguments(List.of("1.2.3.4"), List.of("1.2.3.4")), // all-digit labels are allowed by RFC 1123
                arguments(List.of("xn--bcher-kva.example"), List.of("xn--bcher-kva.example")),
                arguments(List.of("a-b.c--d.e"), List.of("a-b.c--d.e")),
                arguments(List.of("x".repeat(63) + ".com"), List.of("x".repeat(63) + ".com")),
                arguments(List.of(dnsName(253)), List.of(dnsName(253))),
                arguments(hosts(100), hosts(100)));
    }

    @ParameterizedTest
    @MethodSource("acceptedDnsNames")
    void additionalDnsNamesAreLowerCasedAndDeduplicated(List<String> raw, List<String> stored) {
        assertThat(VALIDATOR.normalize(dns(raw)).endpointConfiguration().additionalDns()).isEqualTo(stored);
    }

    static Stream<Arguments> refusedDnsNames() {
        String invalid = "must be a valid DNS name (RFC 1123)";
        return Stream.of(
                arguments("-bad.example.com", invalid),
                arguments("bad-.example.com", invalid),
                arguments("a..b", invalid),
                arguments(".example.com", invalid),
                arguments("example.com.", invalid),
                arguments("under_score.com", invalid),
                arguments("sp ace.com", invalid),
                arguments("x".repeat(64) + ".com", invalid),
                arguments("ex\u00e4mple.com", invalid),
                arguments("b\u00fccher.example", invalid),
                arguments("a\u0000.com", invalid),
                arguments("\ud800.com", invalid),
                arguments("a.com'; DROP TABLE gateway;--", invalid),
                arguments("*.example.com", invalid),
                arguments("", "must not be empty"),
                arguments("   ", "must not be empty"),
                arguments(dnsName(254), "must be at most 253 characters"),
                arguments(null, "must not be null"));
    }

    @ParameterizedTest
    @MethodSource("refusedDnsNames")
    void badDnsNamesAreRefusedByIndex(String name, String description) {
        assertRefused(dns(listOf("ok.example.com", name)), "endpointConfiguration.additionalDns[1]", description);
    }

    @Test
    void atMostAHundredDnsNames() {
        assertRefused(dns(hosts(101)), "endpointConfiguration.additionalDns", "must have at most 100 entries");
    }

    static Stream<Arguments> acceptedRanges() {
        return Stream.of(
                arguments(List.of("10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "1.2.3.4/32", "255.255.255.255/32"),
                        List.of("10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "1.2.3.4/32", "255.255.255.255/32")),
                arguments(List.of("2001:db8::/32", "::/0", "fe80::1/128", "::ffff:10.0.0.0/104", "1:2:3:4:5:6:7:8/64",
                        "::1/128", "2001:DB8::/48", "1::/16", "1:2:3:4:5:6:1.2.3.4/96"),
                        List.of("2001:db8::/32", "::/0", "fe80::1/128", "::ffff:10.0.0.0/104", "1:2:3:4:5:6:7:8/64",
                                "::1/128", "2001:DB8::/48", "1::/16", "1:2:3:4:5:6:1.2.3.4/96")),
                arguments(List.of(" 10.0.0.0/8 ", "10.0.0.0/8"), List.of("10.0.0.0/8")),
                arguments(List.of(), List.of()),
                arguments(cidrs(50), cidrs(50)));
    }

    @ParameterizedTest
    @MethodSource("acceptedRanges")
    void sourceRangesAreIpv4OrIpv6Cidrs(List<String> raw, List<String> stored) {
        assertThat(VALIDATOR.normalize(ranges(raw)).endpointConfiguration().allowedSourceIpRanges()).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "300.1.1.1/8", "foo", "10.0.0.0", "10.0.0.0/", "10.0.0/8", "/8",
            "01.2.3.4/8", "1.2.3.4/0032", "1.2.3.4/99999999999999999999", "99999999999.1.1.1/8", "1.2.3.4/-1",
            "1.2.3.4/8/8", "1.2.3.4/+8", "1.2.3.4/ 8", "", "2001:db8::/129", "2001:db8:::/32", "1::2::3/64",
            "1:2:3:4:5:6:7:8:9/64", "1:2:3:4:5:6:7/64", "1:2:3:4:5:6:7:8::/64", ":1:2:3:4:5:6:7/64",
            "1:2:3:4:5:6:7:/64", "12345::/16", "g::/16", "::1.2.3/96", "1.2.3.4::/64", "::/0\u0000",
            "\u0661.2.3.4/8"}) // an Arabic-Indic digit in the address
    void badSourceRangesAreRefusedByIndex(String range) {
        assertRefused(ranges(List.of("10.0.0.0/8", range)), "endpointConfiguration.allowedSourceIpRanges[1]",
                "must be an IPv4 or IPv6 CIDR such as 10.0.0.0/8");
    }

    /** A prefix length in other digits than ASCII ones ("10.0.0.0/\u0668") is a range no data plane can read. */
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/\u0668", "2001:db8::/\u0663\u0662", "10.0.0.0/\uff18"})
    void prefixLengthsWithNonAsciiDigitsAreRefused(String range) {
        assertRefused(ranges(List.of(range)), "endpointConfiguration.allowedSourceIpRanges[0]",
                "must be an IPv4 or IPv6 CIDR such as 10.0.0.0/8");
    }

    @Test
    void atMostFiftySourceRanges() {
        assertThat(VALIDATOR.normalize(ranges(cidrs(50))).endpointConfiguration().allowedSourceIpRanges()).hasSize(50);
        assertRefused(ranges(cidrs(51)), "endpointConfiguration.allowedSourceIpRanges", "must have at most 50 entries");
        assertRefused(ranges(listOf("10.0.0.0/8", null)), "endpointConfiguration.allowedSourceIpRanges[1]",
                "must not be null");
    }

    static Stream<Arguments> edgeProxyModes() {
        return Stream.of(
                arguments(null, null),
                arguments(EdgeProxyMode.EDGE_PROXY_MODE_UNSPECIFIED, null), // the same as unset
                arguments(EdgeProxyMode.EDGE_PROXY_MODE_MANAGED, EdgeProxyMode.EDGE_PROXY_MODE_MANAGED),
                arguments(EdgeProxyMode.EDGE_PROXY_MODE_DIRECT, EdgeProxyMode.EDGE_PROXY_MODE_DIRECT));
    }

    @ParameterizedTest
    @MethodSource("edgeProxyModes")
    void edgeProxyModeUnspecifiedIsNormalisedToUnset(EdgeProxyMode raw, EdgeProxyMode stored) {
        EndpointConfiguration normalised = VALIDATOR.normalize(endpoints(new EndpointConfiguration(
                List.of("a.example.com"), List.of("10.0.0.0/8"), raw))).endpointConfiguration();
        assertThat(normalised).isEqualTo(new EndpointConfiguration(List.of("a.example.com"), List.of("10.0.0.0/8"),
                stored));
    }

    // ---- the whole spec -----------------------------------------------------------------------------------

    @Test
    void everyViolationIsNamedAtOnce() {
        GatewaySpec bad = new GatewaySpec(" ", List.of("NOPE"), new CoreWeaveAuth(),
                new WeightsAndBiasesAuth("", "http://x", null, null), new BodyBasedRouting(ApiType.API_TYPE_UNSPECIFIED),
                new HeaderBasedRouting("bad header"), null,
                new EndpointConfiguration(List.of("-x"), List.of("foo"), null));
        InvalidArgumentException refused = (InvalidArgumentException) org.assertj.core.api.Assertions
                .catchThrowable(() -> VALIDATOR.normalize(bad));
        assertThat(refused.violations()).extracting(FieldViolation::field).containsExactly("name", "zones[0]", "auth",
                "weightsAndBiasesAuth.apiKey", "weightsAndBiasesAuth.serverUrl", "routing", "bodyBasedRouting.apiType",
                "headerBasedRouting.headerName", "endpointConfiguration.additionalDns[0]",
                "endpointConfiguration.allowedSourceIpRanges[0]");
        assertThat(refused.getMessage()).startsWith("name: must not be empty; zones[0]: unknown zone \"NOPE\"; ");
    }

    @Test
    void aValidSpecIsAnsweredInCanonicalFormAndNormalisingTwiceChangesNothing() {
        GatewaySpec raw = new GatewaySpec("\u00a0llama  ", List.of("us-west-09b", "US-EAST-04A", "US-WEST-09B"), null,
                new WeightsAndBiasesAuth("key", " https://wandb.example.com ", true, null), null,
                new HeaderBasedRouting("X-Model"), null,
                new EndpointConfiguration(List.of("Chat.Example.ORG"), List.of(" 10.0.0.0/8"),
                        EdgeProxyMode.EDGE_PROXY_MODE_UNSPECIFIED));
        GatewaySpec expected = new GatewaySpec("llama", List.of("US-WEST-09B", "US-EAST-04A"), null,
                new WeightsAndBiasesAuth("key", "https://wandb.example.com", true, false), null,
                new HeaderBasedRouting("X-Model"), null,
                new EndpointConfiguration(List.of("chat.example.org"), List.of("10.0.0.0/8"), null));
        GatewaySpec normalised = VALIDATOR.normalize(raw);
        assertThat(normalised).isEqualTo(expected);
        assertThat(VALIDATOR.normalize(normalised)).isEqualTo(normalised);
    }

    @Test
    void theNormalisedListsCannotBeChangedAfterwards() {
        List<String> zones = new ArrayList<>(List.of("US-EAST-04A"));
        GatewaySpec normalised = VALIDATOR.normalize(inZones(zones));
        zones.add("EU-SOUTH-03A");
        assertThat(normalised.zones()).containsExactly("US-EAST-04A");
        assertThatThrownBy(() -> normalised.zones().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> quotedValues() {
        return Stream.of(
                arguments("plain", "\"plain\""),
                arguments("a\u0000b", "\"a\\u0000b\""),
                arguments("\ud800x", "\"\\ud800x\""),
                arguments("\u001b[31m", "\"\\u001b[31m\""),
                arguments("say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\""),
                arguments("\uD83D\uDE80", "\"\uD83D\uDE80\""),
                arguments("x".repeat(100), "\"" + "x".repeat(64) + "\u2026\""));
    }

    @ParameterizedTest
    @MethodSource("quotedValues")
    void quoteEscapesWhatCannotBeShownAndShortensLongValues(String value, String quoted) {
        assertThat(SpecValidator.quote(value)).isEqualTo(quoted);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A valid DNS name of exactly {@code length} characters (labels of at most 63). */
    static String dnsName(int length) {
        StringBuilder name = new StringBuilder();
        while (name.length() < length) {
            int remaining = length - name.length();
            if (name.length() > 0) {
                name.append('.');
                remaining--;
            }
            int label = Math.min(63, remaining);
            if (remaining - label == 1) {
                label--; // never leave room for only a dot
            }
            name.append("a".repeat(Math.max(1, label)));
        }
        return name.toString();
    }

    /** An absolute https URL of exactly {@code length} characters. */
    static String longUrl(int length) {
        String head = "https://wandb.example.com/";
        return head + "p".repeat(length - head.length());
    }

    static List<String> hosts(int count) {
        return IntStream.range(0, count).mapToObj(i -> "h" + i + ".example.com").toList();
    }

    static List<String> cidrs(int count) {
        return IntStream.range(0, count).mapToObj(i -> "10." + i + ".0.0/16").toList();
    }
}
