package dev.inference.gateway.rollout.kubernetes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes Service port, written {@code <service>.<namespace>:<port>} in the configuration. */
public record ServiceRef(String name, String namespace, int port) {
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

    @Override
    public String toString() {
        return name + "." + namespace + ":" + port;
    }
}
