package dev.inference.gateway.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.config.GatewayConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The tokens the console's sign-in offers with one click: dev mode's documented static tokens, and only when
 * {@code gateway.console.offer-dev-tokens} is on (dev mode sets it) and the application does not run in the
 * production profile. A packaged application never offers a token, whatever the setting says: it warns instead.
 */
@ApplicationScoped
@Startup
public class ConsoleSignInOptions {
    private static final Logger LOG = Logger.getLogger(ConsoleSignInOptions.class);

    private final String json;

    @Inject
    ConsoleSignInOptions(GatewayConfig config, ObjectMapper mapper) {
        this(config.console().offerDevTokens(), LaunchMode.current(), config.auth().tokens().orElse(List.of()),
                mapper);
    }

    ConsoleSignInOptions(boolean offer, LaunchMode mode, List<String> tokens, ObjectMapper mapper) {
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode offered = answer.putArray("devTokens");
        if (offer && mode == LaunchMode.NORMAL) {
            LOG.warn("gateway.console.offer-dev-tokens is ignored in production: the console offers no token");
        } else if (offer) {
            for (String spec : tokens) {
                int equals = spec.strip().lastIndexOf('=');
                String[] parts = equals <= 0 ? new String[0] : spec.strip().substring(equals + 1).split(":", -1);
                if (parts.length >= 2) {
                    offered.addObject().put("token", spec.strip().substring(0, equals))
                            .put("organization", parts[0].strip()).put("role", parts[1].strip())
                            .put("name", parts.length > 2 ? parts[2].strip() : parts[0].strip() + " " + parts[1].strip());
                }
            }
        }
        this.json = answer.toString();
    }

    String json() {
        return json;
    }
}
