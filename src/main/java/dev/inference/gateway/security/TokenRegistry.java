package dev.inference.gateway.security;

import dev.inference.gateway.config.GatewayConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The static bearer tokens ({@code gateway.auth.tokens}: {@code <token>=<organization>:<role>[:<name>]}, comma
 * separated), for dev mode, tests and small installs; production takes them only with
 * {@code gateway.auth.static-tokens.enabled=true} and then warns at start. A token's name (default
 * {@code token-<n>}, its place in the list) is the actor the audit names. Tokens are kept only as SHA-256 digests
 * and compared in constant time against every entry, so neither timing nor a heap dump gives them away; no token is
 * ever logged.
 */
@ApplicationScoped
public class TokenRegistry {
    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);

    /** A configured token: its name, and the caller it makes. */
    public record StaticToken(String name, Caller caller) {
    }

    private record Entry(byte[] digest, StaticToken token) {
    }

    private final List<Entry> entries;
    private final boolean enabled;

    @Inject
    TokenRegistry(GatewayConfig config) {
        this(config.auth().tokens().orElse(List.of()), config.auth().staticTokens().enabled());
    }

    TokenRegistry(List<String> specs, boolean enabled) {
        this.enabled = enabled;
        List<Entry> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i).strip();
            if (spec.isEmpty()) {
                continue;
            }
            int equals = spec.lastIndexOf('=');
            String[] parts = equals <= 0 ? new String[0] : spec.substring(equals + 1).split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()
                    || (parts.length == 3 && parts[2].isBlank())) {
                throw new IllegalArgumentException("gateway.auth.tokens entry " + (i + 1)
                        + " is not <token>=<organization>:<role>[:<name>] (the token itself is not shown)");
            }
            String organization = parts[0].strip();
            String role = parts[1].strip().toLowerCase(Locale.ROOT);
            if (!role.equals(Roles.ADMIN) && !role.equals(Roles.VIEWER)) {
                throw new IllegalArgumentException("gateway.auth.tokens entry " + (i + 1) + " has role \"" + role
                        + "\"; use admin or viewer");
            }
            String name = parts.length == 3 ? parts[2].strip() : "token-" + (i + 1);
            if (!names.add(name)) {
                throw new IllegalArgumentException("gateway.auth.tokens entry " + (i + 1) + " repeats the name \""
                        + name + "\"; each token needs a name of its own");
            }
            Caller caller = new Caller(organization, name, Caller.STATIC_ISSUER, Caller.STATIC_TOKEN, Set.of(role));
            parsed.add(new Entry(digest(spec.substring(0, equals)), new StaticToken(name, caller)));
        }
        this.entries = List.copyOf(parsed);
    }

    void announce(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL || entries.isEmpty()) {
            return;
        }
        if (enabled) {
            LOG.warnf("%d static bearer tokens are accepted (gateway.auth.static-tokens.enabled=true): they never "
                    + "expire and rotate only with a restart; prefer JWTs (mp.jwt.verify.*) in production",
                    entries.size());
        } else {
            LOG.warnf("gateway.auth.tokens holds %d tokens, but static tokens are off in production: they are refused "
                    + "(set gateway.auth.static-tokens.enabled=true to accept them)", entries.size());
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The token presented; every entry is compared, whether or not an earlier one matched. */
    public Optional<StaticToken> lookup(String token) {
        byte[] presented = digest(token);
        StaticToken found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented) && found == null) {
                found = entry.token();
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
