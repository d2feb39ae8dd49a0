package dev.inference.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the packaged application needs to run the API suite in a {@code @QuarkusIntegrationTest}: the jar runs in the
 * {@code prod} profile and holds no embedded PostgreSQL (zonky is a {@code provided} dependency), so this resource
 * starts one in the test JVM, on a free port, and gives the application its URLs and credentials, plus the settings
 * the {@code test} profile gives the {@code @QuarkusTest} suites (every {@code %test.} entry of
 * application.properties: the test tokens and secrets key, the fast rollout, no shutdown delay).
 * {@code @QuarkusIntegrationTest} passes what {@link #start()} answers to the launched jar as system properties.
 */
public class PackagedAppResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(testProfileSettings());
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for the packaged application", e);
        }
        // Quarkus stops the test resources before it stops the launched application, which would then spend its last
        // seconds in a database outage (failed rollout passes, leases it cannot release). The database stays up until
        // the test JVM exits, after the application.
        EmbeddedPostgres started = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started), "packaged-app-postgres-stop"));
        int port = postgres.getPort();
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/postgres");
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        return config;
    }

    /** The {@code %test.} entries of application.properties, without the prefix. */
    static Map<String, String> testProfileSettings() {
        Properties properties = new Properties();
        try (InputStream in = PackagedAppResource.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the test class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("%test.")) {
                settings.put(name.substring("%test.".length()), properties.getProperty(name));
            }
        }
        if (!settings.containsKey("gateway.auth.tokens") || !settings.containsKey("gateway.secrets.keys")) {
            throw new IllegalStateException("application.properties has no %test tokens or secrets key: " + settings);
        }
        return settings;
    }

    @Override
    public void stop() {
        // see start(): closed when the test JVM exits
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            // the JVM is exiting; the data directory is temporary
        }
    }
}
