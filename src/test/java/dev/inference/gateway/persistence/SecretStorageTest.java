package dev.inference.gateway.persistence;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inference.gateway.security.SecretCipher;
import io.quarkus.test.junit.QuarkusTest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Secrets at rest: the database holds the W&amp;B apiKey only sealed; plain keys of older versions are sealed by
 * the migration; keys rotate at start-up; a start-up with a key that does not open the stored secrets fails and
 * says which key.
 */
@QuarkusTest
class SecretStorageTest {
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void theDatabaseHoldsTheApiKeyOnlySealed() throws SQLException {
        String key = "wandb-" + UUID.randomUUID();
        String id = createdId(ACME_ADMIN, with(spec("coreWeaveAuth", null), "weightsAndBiasesAuth",
                Map.of("apiKey", key)));
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            assertThat(dump(db, "SELECT * FROM gateway WHERE id = '" + id + "'")).doesNotContain(key);
            String sealed = dump(db, "SELECT key_id, encode(sealed, 'escape') FROM gateway_secret WHERE gateway_id = '"
                    + id + "'");
            assertThat(sealed).startsWith("test-1|").doesNotContain(key);
            assertThat(dump(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'gateway'"))
                    .doesNotContain("api_key");
        }
    }

    @Test
    void plainKeysOfOlderVersionsAreSealedAndKeysRotateAtStartUp() throws SQLException {
        try (Scratch scratch = new Scratch(jdbcUrl)) {
            migrate(scratch, "4", null);
            UUID id = UUID.randomUUID();
            scratch.execute("INSERT INTO gateway (id, organization_id, name, spec, api_key, generation, status, "
                    + "published, created_at, updated_at, version) VALUES ('" + id + "', 'acme', 'n', '{}', "
                    + "'plain-key', 1, 'STATUS_READY', '{}', now(), now(), 0)");

            String oldKey = key();
            SecretCipher old = new SecretCipher(List.of("old:" + oldKey));
            migrate(scratch, null, old);
            assertThat(dump(scratch.connection, "SELECT column_name FROM information_schema.columns "
                    + "WHERE table_name = 'gateway'")).doesNotContain("api_key");
            assertThat(dump(scratch.connection, "SELECT key_id FROM gateway_secret")).isEqualTo("old");

            SecretCipher rotated = new SecretCipher(List.of("new:" + key(), "old:" + key()));
            assertThatThrownBy(() -> new SecretMigrations(rotated).checkAndRotate(scratch.connection))
                    .as("a listed key that is not the one that sealed").hasMessageContaining("key \"old\" does not open");

            SecretCipher next = new SecretCipher(List.of("new:" + key(), "old:" + oldKey));
            new SecretMigrations(next).checkAndRotate(scratch.connection);
            assertThat(dump(scratch.connection, "SELECT key_id FROM gateway_secret")).isEqualTo("new");
            assertThat(open(next, scratch.connection, id)).isEqualTo("plain-key");

            assertThatThrownBy(() -> new SecretMigrations(new SecretCipher(List.of("other:" + key())))
                    .checkAndRotate(scratch.connection)).hasMessageContaining("sealed with key \"new\"")
                    .hasMessageContaining("does not list");
        }
    }

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String open(SecretCipher cipher, Connection db, UUID id) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "SELECT key_id, sealed FROM gateway_secret WHERE gateway_id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return cipher.open(id, new SecretCipher.Sealed(row.getString(1), row.getBytes(2)));
            }
        }
    }

    private static void migrate(Scratch scratch, String target, SecretCipher cipher) {
        var configuration = Flyway.configure().dataSource(scratch.url, "postgres", "postgres")
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        if (cipher != null) {
            new SecretMigrations(cipher).customize(configuration);
        }
        configuration.load().migrate();
    }

    private static String dump(Connection db, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? "|" : "").append(rows.getString(i));
                }
                out.append('\n');
            }
        }
        return out.toString().strip();
    }

    /** A database of its own on the tests' server, dropped afterwards. */
    static final class Scratch implements AutoCloseable {
        final String url;
        final Connection connection;
        private final String name = "scratch_" + UUID.randomUUID().toString().replace("-", "");
        private final String serverUrl;

        Scratch(String serverUrl) throws SQLException {
            this.serverUrl = serverUrl;
            try (Connection admin = DriverManager.getConnection(serverUrl, "postgres", "postgres");
                    Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
            this.url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
            this.connection = DriverManager.getConnection(url, "postgres", "postgres");
        }

        void execute(String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
            try (Connection admin = DriverManager.getConnection(serverUrl, "postgres", "postgres");
                    Statement drop = admin.createStatement()) {
                drop.execute("DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
    }
}
