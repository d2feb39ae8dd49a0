package dev.inference.gateway.console;

import dev.inference.gateway.support.PackagedAppResource;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged application for {@link ConsoleIT}: what every {@code *IT} gets (an embedded PostgreSQL, the test
 * profile's fast simulated zones and its failure switch, zone EU-SOUTH-03A refusing anything that carries
 * {@code refused-in-eu}), with an organization and tokens of the console's own.
 */
public class ConsoleAppResource extends PackagedAppResource {
    static final String ADMIN = "console-admin-token";
    static final String VIEWER = "console-viewer-token";
    /** An admin of an organization of its own, which ConsoleIT fills with 10,000 gateways. */
    static final String BIG = "console-big-token";
    /** The system property that tells the test JVM the embedded database's JDBC URL (to seed gateways in SQL). */
    static final String JDBC_URL = "console-it.jdbc-url";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("gateway.auth.tokens", ADMIN + "=console:admin:console-admin," + VIEWER
                + "=console:viewer:console-viewer," + BIG + "=console-big:admin:console-big");
        System.setProperty(JDBC_URL, config.get("quarkus.datasource.jdbc.url"));
        config.put("gateway.auth.static-tokens.enabled", "true");
        // the production profile must ignore this: the sign-in page never offers a token there
        config.put("gateway.console.offer-dev-tokens", "true");
        config.put("rollout.simulated.latency", "100ms");
        config.put("rollout.simulated.jitter", "50ms");
        return config;
    }
}
