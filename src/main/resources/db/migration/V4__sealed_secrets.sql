-- Secrets at rest: the W&B apiKey is stored sealed (AES-256-GCM, see security/SecretCipher) in a table of its own,
-- with the id of the key that sealed it. The plain-text column gateway.api_key is moved over and dropped by the
-- Java migration V5 (persistence/SecretMigrations), which needs the configured keys.
CREATE TABLE gateway_secret (
    gateway_id uuid  PRIMARY KEY REFERENCES gateway (id) ON DELETE CASCADE,
    key_id     text  NOT NULL,
    sealed     bytea NOT NULL
);
