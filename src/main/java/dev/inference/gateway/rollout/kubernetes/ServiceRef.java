package dev.inference.gateway.rollout.kubernetes;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes Service port, written {@code <service>.<namespace>:<port>} in the configuration. */
public record ServiceRef(String name, String namespace, int port) {
    /** The value of an external authorization setting that turns that authorization off (development zones only). */
    public static final String NONE = "none";

    private static final Pattern FORM = Pattern.compile(
            "([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\\.([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?):([0-9]{1,5})");

    /** Parses {@code <service>.<namespace>:<port>}; {@code setting} names the configuration key in the error. */
    public static ServiceRef parse(String setting, String value) {
        Matcher m = FORM.matcher(value == null ? "" : value.strip());
        if (!m.matches() || Integer.parseInt(m.group(5)) < 1 || Integer.parseInt(m.group(5)) > 65535) {
            throw new IllegalArgumentException(setting + " must be <service>.<namespace>:<port>, e.g. "
                    + "authz.inference-system:9001; got \"" + value + "\"");
        }
        return new ServiceRef(m.group(1), m.group(3), Integer.parseInt(m.group(5)));
    }

    /**
     * Parses an external authorization service: {@code <service>.<namespace>:<port>}, or {@code none} (any case),
     * which is empty: no external authorization for the gateways of that auth option.
     */
    public static Optional<ServiceRef> parseOrNone(String setting, String value) {
        if (value != null && NONE.equals(value.strip().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(setting, value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (or " + NONE
                    + ": no external authorization, for development zones only)", e);
        }
    }

    @Override
    public String toString() {
        return name + "." + namespace + ":" + port;
    }
}
