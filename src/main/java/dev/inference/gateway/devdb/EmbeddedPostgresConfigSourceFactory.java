package dev.inference.gateway.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives dev mode and tests a database on a machine that has none: in the {@code dev} and {@code test} profiles,
 * when no {@code quarkus.datasource.reactive.url} is configured (for example through
 * {@code QUARKUS_DATASOURCE_REACTIVE_URL}), it starts an embedded PostgreSQL 17 and points both the reactive
 * and the JDBC (Flyway) URL at it. The embedded server is a {@code provided} dependency: it is on the dev-mode
 * and test class paths only, so the packaged application can never start one.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {
    static final String LAUNCHER_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final int ORDINAL = 150; // below application.properties (250) and the environment (300)

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean devOrTest = profiles.contains("dev") || profiles.contains("test");
        if (!devOrTest || isSet(context.getValue("quarkus.datasource.reactive.url"))
                || "false".equals(context.getValue("gateway.embedded-postgres.enabled").getValue())
                || !onClassPath()) {
            return List.of();
        }
        int port = profiles.contains("test") ? 15433 : 15432;
        ConfigValue configuredPort = context.getValue("gateway.embedded-postgres.port");
        if (isSet(configuredPort)) {
            port = Integer.parseInt(configuredPort.getValue().trim());
        }
        int actualPort = EmbeddedPostgresLauncher.start(port);
        Map<String, String> properties = Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + actualPort + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + actualPort + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
        return List.of(new PropertiesConfigSource(properties, "embedded-postgresql", ORDINAL));
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static boolean onClassPath() {
        try {
            Class.forName(LAUNCHER_CLASS, false, EmbeddedPostgresConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
