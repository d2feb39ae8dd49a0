package dev.inference.gateway.security;

import dev.inference.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configured bearer tokens ({@code gateway.auth.tokens}: {@code <token>=<organization>:<role>}, comma
 * separated). Tokens are kept only as SHA-256 digests and compared in constant time against every entry, so
 * neither timing nor a heap dump gives them away; no token is ever logged.
 */
@ApplicationScoped
public class TokenRegistry {
    /** Who a token belongs to: an organization, and the role it has there ({@link Roles}). */
    public record Caller(String organizationId, String role) {
    }

    private record Entry(byte[] digest, Caller caller) {
    }

    private final List<Entry> entries;

    @Inject
    TokenRegistry(GatewayConfig config) {
        this(config.auth().tokens().orElse(List.of()));
    }

    TokenRegistry(List<String> specs) {
        List<Entry> parsed = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i).strip();
            if (spec.isEmpty()) {
                continue;
            }
            int equals = spec.lastIndexOf('=');
            int colon = spec.lastIndexOf(':');
            if (equals <= 0 || colon < equals + 2 || colon == spec.length() - 1) {
                throw new IllegalArgumentException("gateway.auth.tokens entry " + (i + 1)
                        + " is not <token>=<organization>:<role> (the token itself is not shown)");
            }
            String organization = spec.substring(equals + 1, colon).strip();
            String role = spec.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
            if (!role.equals("ADMIN") && !role.equals("VIEWER")) {
                throw new IllegalArgumentException("gateway.auth.tokens entry " + (i + 1)
                        + " has role \"" + role.toLowerCase(Locale.ROOT) + "\"; use admin or viewer");
            }
            parsed.add(new Entry(digest(spec.substring(0, equals)), new Caller(organization,
                    role.toLowerCase(Locale.ROOT))));
        }
        this.entries = List.copyOf(parsed);
    }

    /** The caller a token belongs to; every entry is compared, whether or not an earlier one matched. */
    public Optional<Caller> lookup(String token) {
        byte[] presented = digest(token);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
