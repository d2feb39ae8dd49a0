package dev.inference.gateway.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every rule the contract sets on a GatewaySpec, in one place. {@link #normalize} either answers the canonical
 * form of a spec (name trimmed, zones in the parameters' spelling without duplicates, DNS names in lower case,
 * absent lists empty) or throws {@link InvalidArgumentException} naming every violated field.
 */
public final class SpecValidator {
    public static final int NAME_MAX = 38;
    public static final int HEADER_NAME_MAX = 100;
    public static final int DNS_NAME_MAX = 253;
    public static final int LIST_MAX = 100;
    public static final int SOURCE_RANGES_MAX = 50;
    public static final int API_KEY_MAX = 4096;
    public static final int URL_MAX = 2048;

    private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Map<String, String> zonesByUpperCase;
    private final List<String> availableZones;
    private final RolloutPolicyRules rolloutPolicies;
    /** The service's own base domain (its generated endpoints): no additionalDns name may be at or under it. */
    private final String reservedDomain;

    public SpecValidator(List<String> availableZones) {
        this(availableZones, null);
    }

    public SpecValidator(List<String> availableZones, String reservedDomain) {
        this.reservedDomain = reservedDomain == null ? null : reservedDomain.strip().toLowerCase(Locale.ROOT);
        this.zonesByUpperCase = availableZones.stream()
                .collect(Collectors.toMap(z -> z.toUpperCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        this.availableZones = List.copyOf(availableZones);
        this.rolloutPolicies = new RolloutPolicyRules(zonesByUpperCase);
    }

    /**
     * Validates a complete desired spec and answers its canonical form.
     *
     * @param draft the spec as the client described it (with the stored apiKey already carried over)
     */
    public GatewaySpec normalize(GatewaySpec draft) {
        List<FieldViolation> violations = new ArrayList<>();
        String name = normalizeName(draft.name(), violations);
        List<String> zones = normalizeZones(draft.zones(), violations);
        WeightsAndBiasesAuth wandb = checkAuth(draft, violations);
        checkRouting(draft, violations);
        EndpointConfiguration endpoints = normalizeEndpoints(draft.endpointConfiguration(), violations);
        RolloutPolicy policy = draft.rolloutPolicy() == null ? null
                : rolloutPolicies.normalize(draft.rolloutPolicy(), zones.isEmpty() ? availableZones : zones, violations);
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(violations);
        }
        return new GatewaySpec(name, zones, draft.coreWeaveAuth(), wandb, draft.bodyBasedRouting(),
                draft.headerBasedRouting(), draft.pathBasedRouting(), endpoints, policy);
    }

    private static String normalizeName(String raw, List<FieldViolation> violations) {
        if (raw == null) {
            violations.add(new FieldViolation("name", "is required"));
            return null;
        }
        String name = trimSpaces(raw);
        int length = name.codePointCount(0, name.length());
        if (length == 0) {
            violations.add(new FieldViolation("name", "must not be empty"));
        } else if (length > NAME_MAX) {
            violations.add(new FieldViolation("name", "must be at most " + NAME_MAX + " characters, got " + length));
        } else {
            checkText("name", name, violations);
        }
        return name;
    }

    /** Trims white space, including the no-break spaces that {@link String#strip()} keeps (U+00A0, U+2007, U+202F). */
    static String trimSpaces(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private List<String> normalizeZones(List<String> raw, List<FieldViolation> violations) {
        if (raw == null) {
            violations.add(new FieldViolation("zones", "is required (an empty list means every available zone)"));
            return List.of();
        }
        Set<String> zones = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String zone = raw.get(i);
            String field = "zones[" + i + "]";
            if (zone == null) {
                violations.add(new FieldViolation(field, "must not be null"));
                continue;
            }
            boolean ascii = zone.chars().allMatch(c -> c < 128); // no Unicode case folding ("uſ" is not "US")
            String canonical = ascii ? zonesByUpperCase.get(zone.strip().toUpperCase(Locale.ROOT)) : null;
            if (canonical == null) {
                violations.add(new FieldViolation(field, "unknown zone " + quote(zone)));
            } else {
                zones.add(canonical);
            }
        }
        return List.copyOf(zones);
    }

    private static WeightsAndBiasesAuth checkAuth(GatewaySpec draft, List<FieldViolation> violations) {
        int options = (draft.coreWeaveAuth() == null ? 0 : 1) + (draft.weightsAndBiasesAuth() == null ? 0 : 1);
        if (options != 1) {
            violations.add(new FieldViolation("auth", options == 0
                    ? "exactly one of coreWeaveAuth or weightsAndBiasesAuth is required"
                    : "only one of coreWeaveAuth or weightsAndBiasesAuth may be set"));
        }
        WeightsAndBiasesAuth wandb = draft.weightsAndBiasesAuth();
        if (wandb == null) {
            return null;
        }
        String apiKey = wandb.apiKey();
        if (apiKey != null) {
            if (apiKey.isBlank()) {
                violations.add(new FieldViolation("weightsAndBiasesAuth.apiKey", "must not be empty"));
            } else if (apiKey.length() > API_KEY_MAX) {
                violations.add(new FieldViolation("weightsAndBiasesAuth.apiKey",
                        "must be at most " + API_KEY_MAX + " characters"));
            } else {
                checkText("weightsAndBiasesAuth.apiKey", apiKey, violations);
            }
        }
        String serverUrl = wandb.serverUrl() == null ? null : wandb.serverUrl().strip();
        if (serverUrl != null) {
            String problem = httpsUrlProblem(serverUrl);
            if (problem != null) {
                violations.add(new FieldViolation("weightsAndBiasesAuth.serverUrl", problem));
            }
            if (apiKey == null) {
                violations.add(new FieldViolation("weightsAndBiasesAuth.apiKey", "is required when serverUrl is set"));
            }
        }
        return new WeightsAndBiasesAuth(apiKey, serverUrl, Boolean.TRUE.equals(wandb.enableUsageReports()),
                Boolean.TRUE.equals(wandb.enableRateLimiting()));
    }

    private static void checkRouting(GatewaySpec draft, List<FieldViolation> violations) {
        int options = (draft.bodyBasedRouting() == null ? 0 : 1) + (draft.headerBasedRouting() == null ? 0 : 1)
                + (draft.pathBasedRouting() == null ? 0 : 1);
        if (options != 1) {
            violations.add(new FieldViolation("routing", options == 0
                    ? "exactly one of bodyBasedRouting, headerBasedRouting or pathBasedRouting is required"
                    : "only one of bodyBasedRouting, headerBasedRouting or pathBasedRouting may be set"));
        }
        if (draft.bodyBasedRouting() != null) {
            ApiType apiType = draft.bodyBasedRouting().apiType();
            if (apiType == null) {
                violations.add(new FieldViolation("bodyBasedRouting.apiType", "is required"));
            } else if (apiType == ApiType.API_TYPE_UNSPECIFIED) {
                violations.add(new FieldViolation("bodyBasedRouting.apiType", "must not be API_TYPE_UNSPECIFIED"));
            }
        }
        if (draft.headerBasedRouting() != null) {
            String header = draft.headerBasedRouting().headerName();
            String field = "headerBasedRouting.headerName";
            if (header == null || header.isEmpty()) {
                violations.add(new FieldViolation(field, "is required"));
            } else if (header.length() > HEADER_NAME_MAX) {
                violations.add(new FieldViolation(field, "must be at most " + HEADER_NAME_MAX + " characters"));
            } else if (!HTTP_TOKEN.matcher(header).matches()) {
                violations.add(new FieldViolation(field, "must be a valid HTTP header field name (RFC 9110 token)"));
            }
        }
    }

    private EndpointConfiguration normalizeEndpoints(EndpointConfiguration raw, List<FieldViolation> violations) {
        if (raw == null) {
            return new EndpointConfiguration(List.of(), List.of(), null);
        }
        List<String> dns = normalizeList("endpointConfiguration.additionalDns", raw.additionalDns(), LIST_MAX,
                violations, this::hostProblem, s -> s.strip().toLowerCase(Locale.ROOT));
        List<String> ranges = normalizeList("endpointConfiguration.allowedSourceIpRanges",
                raw.allowedSourceIpRanges(), SOURCE_RANGES_MAX, violations, SpecValidator::cidrProblem, String::strip);
        EdgeProxyMode mode = raw.edgeProxyMode() == EdgeProxyMode.EDGE_PROXY_MODE_UNSPECIFIED ? null : raw.edgeProxyMode();
        return new EndpointConfiguration(dns, ranges, mode);
    }

    private static List<String> normalizeList(String field, List<String> raw, int max,
            List<FieldViolation> violations, Function<String, String> problemOf, Function<String, String> canonical) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > max) {
            violations.add(new FieldViolation(field, "must have at most " + max + " entries"));
            return List.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i);
            String problem = value == null ? "must not be null" : problemOf.apply(canonical.apply(value));
            if (problem != null) {
                violations.add(new FieldViolation(field + "[" + i + "]", problem));
            } else {
                values.add(canonical.apply(value));
            }
        }
        return List.copyOf(values);
    }

    private String hostProblem(String name) {
        String problem = dnsProblem(name);
        if (problem == null && reservedDomain != null
                && (name.equals(reservedDomain) || name.endsWith("." + reservedDomain))) {
            return "is at or under " + quote(reservedDomain) + ", the domain of the endpoints this service generates; "
                    + "use a name of your own";
        }
        return problem;
    }

    static String dnsProblem(String name) {
        String invalid = "must be a valid DNS name (RFC 1123), got " + quote(name);
        if (name.isEmpty() || name.length() > DNS_NAME_MAX) {
            return name.isEmpty() ? "must not be empty" : "must be at most " + DNS_NAME_MAX + " characters";
        }
        for (String label : name.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return invalid;
            }
        }
        return null;
    }

    static String cidrProblem(String cidr) {
        String invalid = "must be an IPv4 or IPv6 CIDR such as 10.0.0.0/8, got " + quote(cidr);
        int slash = cidr.indexOf('/');
        if (slash < 0 || slash != cidr.lastIndexOf('/')) {
            return invalid;
        }
        String address = cidr.substring(0, slash);
        String prefix = cidr.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return invalid;
        }
        int bits = Integer.parseInt(prefix);
        if (isIpv4(address)) {
            return bits <= 32 ? null : invalid;
        }
        return isIpv6(address) && bits <= 128 ? null : invalid;
    }

    private static boolean isIpv4(String address) {
        var matcher = IPV4.matcher(address);
        if (!matcher.matches()) {
            return false;
        }
        for (int group = 1; group <= 4; group++) {
            String octet = matcher.group(group);
            if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String address) {
        if (!address.contains(":") || !IPV6_CHARS.matcher(address).matches() || address.contains(":::")) {
            return false;
        }
        int doubleColon = address.indexOf("::");
        if (doubleColon >= 0 && doubleColon != address.lastIndexOf("::")) {
            return false;
        }
        String[] groups = address.split(":", -1);
        int units = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                continue; // part of "::" (checked above) or a leading/trailing colon of it
            }
            if (i == groups.length - 1 && group.contains(".")) {
                if (!isIpv4(group)) {
                    return false;
                }
                units += 2;
            } else if (group.length() > 4 || group.contains(".")) {
                return false;
            } else {
                units++;
            }
        }
        boolean leadingColonOk = !address.startsWith(":") || address.startsWith("::");
        boolean trailingColonOk = !address.endsWith(":") || address.endsWith("::");
        return leadingColonOk && trailingColonOk && (doubleColon >= 0 ? units < 8 : units == 8);
    }

    private static String httpsUrlProblem(String url) {
        if (url.length() > URL_MAX) {
            return "must be at most " + URL_MAX + " characters";
        }
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isEmpty()) {
                return "must be an absolute https URL, got " + quote(url);
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be an absolute https URL, got " + quote(url);
        }
    }

    /** PostgreSQL text cannot hold NUL, and unpaired surrogates cannot be encoded: reject both, and controls. */
    static void checkText(String field, String value, List<FieldViolation> violations) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                violations.add(new FieldViolation(field, "must not contain control characters"));
                return;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                violations.add(new FieldViolation(field, "must be valid Unicode"));
                return;
            }
        }
    }

    /** Quotes a value for an error message, escaping what could not be shown (controls, lone surrogates). */
    public static String quote(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        StringBuilder quoted = new StringBuilder(shown.length() + 2).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < shown.length()
                    && Character.isLowSurrogate(shown.charAt(i + 1));
            if (pair) {
                quoted.append(c).append(shown.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
