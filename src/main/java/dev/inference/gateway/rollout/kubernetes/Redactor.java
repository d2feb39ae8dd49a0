package dev.inference.gateway.rollout.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Removes a gateway's secret from text that leaves the driver (error messages that quote the API server). The API
 * server never needs to echo Secret data, but an error message is stored and answered, so it is scrubbed anyway.
 */
final class Redactor {
    static final Redactor NONE = new Redactor(List.of());
    private static final String REDACTED = "<redacted>";
    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    static Redactor of(String secret) {
        if (secret == null || secret.isEmpty()) {
            return NONE;
        }
        String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return new Redactor(List.of(secret, base64));
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, REDACTED);
        }
        return result;
    }
}
