package dev.inference.gateway.persistence;

import dev.inference.gateway.security.SecretCipher;
import dev.inference.gateway.security.SecretCipher.Sealed;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jboss.logging.Logger;

/**
 * The start-up work on stored secrets that needs the configured keys, run by Flyway (JDBC, at start-up only,
 * under Flyway's lock, so concurrent replicas take turns):
 * <ul>
 * <li>migration 5 seals the plain-text {@code gateway.api_key} values of older versions into {@code gateway_secret}
 * and drops the column;</li>
 * <li>after every migrate, every stored secret is checked: one sealed with a key that {@code gateway.secrets.keys}
 * does not list, or that the listed key does not open, stops the start with a message saying which key; secrets
 * sealed with an older listed key are sealed again with the current one, so a key can be retired after one
 * start with the new key first.</li>
 * </ul>
 */
@Singleton
public class SecretMigrations implements FlywayConfigurationCustomizer {
    private static final Logger LOG = Logger.getLogger(SecretMigrations.class);
    private static final int BATCH = 500;

    private final SecretCipher cipher;

    SecretMigrations(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.javaMigrations(new SealPlainApiKeys()).callbacks(new CheckAndRotate());
    }

    /** Migration 5: moves {@code gateway.api_key} into {@code gateway_secret}, sealed, and drops the column. */
    final class SealPlainApiKeys implements JavaMigration {
        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion("5");
        }

        @Override
        public String getDescription() {
            return "seal plain api keys";
        }

        @Override
        public Integer getChecksum() {
            return null;
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(org.flywaydb.core.api.migration.Context context) throws SQLException {
            Connection connection = context.getConnection();
            int sealed = 0;
            try (Statement select = connection.createStatement();
                    ResultSet rows = select.executeQuery("SELECT id, api_key FROM gateway WHERE api_key IS NOT NULL");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO gateway_secret (gateway_id, key_id, sealed) VALUES (?, ?, ?)")) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    Sealed value = cipher.seal(id, rows.getString(2));
                    insert.setObject(1, id);
                    insert.setString(2, value.keyId());
                    insert.setBytes(3, value.bytes());
                    insert.addBatch();
                    if (++sealed % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            try (Statement drop = connection.createStatement()) {
                drop.execute("ALTER TABLE gateway DROP COLUMN api_key");
            }
            LOG.infof("Sealed %d stored API keys with key \"%s\"; the plain-text column is gone", sealed,
                    cipher.currentKeyId());
        }
    }

    /** After every migrate: every stored secret opens, and is sealed with the current key. */
    final class CheckAndRotate extends BaseCallback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE;
        }

        @Override
        public void handle(Event event, Context context) {
            try {
                checkAndRotate(context.getConnection());
            } catch (SQLException e) {
                throw new IllegalStateException("could not check the stored secrets: " + e.getMessage(), e);
            }
        }
    }

    /** A table of sealed secrets: its name and the columns (after {@code gateway_id}) that identify a row. */
    private record SealedTable(String name, String rowKey) {
    }

    /** The gateways' secrets, and the secrets revisions keep as they were (a rollback restores them). */
    private static final List<SealedTable> TABLES = List.of(new SealedTable("gateway_secret", null),
            new SealedTable("gateway_revision", "revision"));

    /**
     * Opens one secret per key id (all of them for older keys, which are sealed again with the current key), in every
     * table that keeps sealed secrets.
     *
     * @throws IllegalStateException naming the key when a secret does not open
     */
    void checkAndRotate(Connection connection) throws SQLException {
        List<String> keyIds = new ArrayList<>();
        try (Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT key_id FROM gateway_secret UNION "
                        + "SELECT key_id FROM gateway_revision WHERE key_id IS NOT NULL")) {
            while (rows.next()) {
                keyIds.add(rows.getString(1));
            }
        }
        for (String keyId : keyIds) {
            if (!cipher.knows(keyId)) {
                throw new IllegalStateException("stored secrets are sealed with key \"" + keyId
                        + "\", which gateway.secrets.keys does not list: add it (after the current key) to open them");
            }
        }
        try (PreparedStatement sample = connection.prepareStatement(
                "SELECT gateway_id, sealed FROM gateway_secret WHERE key_id = ? LIMIT 1")) {
            sample.setString(1, cipher.currentKeyId());
            try (ResultSet rows = sample.executeQuery()) {
                if (rows.next()) {
                    open(rows, cipher.currentKeyId());
                }
            }
        }
        int resealed = 0;
        for (SealedTable table : TABLES) {
            resealed += reseal(connection, table);
        }
        if (resealed > 0) {
            LOG.infof("Sealed %d stored secrets again with the current key \"%s\"", resealed, cipher.currentKeyId());
        }
    }

    /** Seals every secret of a table that an older key sealed again with the current key; answers how many. */
    private int reseal(Connection connection, SealedTable table) throws SQLException {
        String rowKey = table.rowKey() == null ? "" : ", " + table.rowKey();
        String rowMatch = table.rowKey() == null ? "" : " AND " + table.rowKey() + " = ?";
        int resealed = 0;
        try (PreparedStatement older = connection.prepareStatement("SELECT gateway_id, key_id, sealed" + rowKey
                        + " FROM " + table.name() + " WHERE key_id IS NOT NULL AND key_id <> ?");
                PreparedStatement update = connection.prepareStatement("UPDATE " + table.name()
                        + " SET key_id = ?, sealed = ? WHERE gateway_id = ? AND key_id = ?" + rowMatch)) {
            older.setString(1, cipher.currentKeyId());
            try (ResultSet rows = older.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    String keyId = rows.getString(2);
                    Sealed fresh = cipher.seal(id, cipher.open(id, new Sealed(keyId, rows.getBytes(3))));
                    update.setString(1, fresh.keyId());
                    update.setBytes(2, fresh.bytes());
                    update.setObject(3, id);
                    update.setString(4, keyId);
                    if (table.rowKey() != null) {
                        update.setObject(5, rows.getObject(4));
                    }
                    update.addBatch();
                    if (++resealed % BATCH == 0) {
                        update.executeBatch();
                    }
                }
            }
            update.executeBatch();
        }
        return resealed;
    }

    private void open(ResultSet row, String keyId) throws SQLException {
        UUID id = row.getObject(1, UUID.class);
        try {
            cipher.open(id, new Sealed(keyId, row.getBytes(2)));
        } catch (RuntimeException e) {
            throw new IllegalStateException("gateway.secrets.keys: " + e.getMessage(), e);
        }
    }
}
