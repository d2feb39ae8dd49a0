package dev.inference.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * A gateway's secret (the W&amp;B {@code apiKey}), sealed by {@code SecretCipher}: a table of its own, so that
 * reading gateways (GET, LIST) never loads it; only updates and the rollout do.
 */
@Entity
@Table(name = "gateway_secret")
public class GatewaySecretEntity {
    @Id
    @Column(name = "gateway_id")
    public UUID gatewayId;

    @Column(name = "key_id", nullable = false, columnDefinition = "text")
    public String keyId;

    @Column(nullable = false)
    public byte[] sealed;
}
