package dev.inference.gateway.persistence;

import dev.inference.gateway.security.SecretCipher;
import dev.inference.gateway.security.SecretCipher.Sealed;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Gateways' secrets, sealed at rest: what goes in is sealed with the current key, what comes out is opened. */
@ApplicationScoped
public class GatewaySecretRepository implements PanacheRepositoryBase<GatewaySecretEntity, UUID> {
    private final SecretCipher cipher;

    GatewaySecretRepository(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** The gateway's secret in clear, or null when it has none. */
    public Uni<String> read(UUID gatewayId) {
        return findById(gatewayId).map(row -> row == null ? null : cipher.open(gatewayId, new Sealed(row.keyId, row.sealed)));
    }

    /**
     * Stores a gateway's secret sealed with the current key, replacing the one it had; {@code null} removes it
     * (by key, with a bulk statement: never {@code session.remove}, see {@link ZoneRepository#deleteRows}).
     */
    public Uni<Void> write(UUID gatewayId, String secret) {
        if (secret == null) {
            return delete("gatewayId = ?1", gatewayId).replaceWithVoid();
        }
        Sealed sealed = cipher.seal(gatewayId, secret);
        return findById(gatewayId).chain(row -> {
            if (row != null) {
                row.keyId = sealed.keyId();
                row.sealed = sealed.bytes();
                return Uni.createFrom().voidItem();
            }
            GatewaySecretEntity fresh = new GatewaySecretEntity();
            fresh.gatewayId = gatewayId;
            fresh.keyId = sealed.keyId();
            fresh.sealed = sealed.bytes();
            return persist(fresh).replaceWithVoid();
        });
    }

    /** Opens a secret read by a plain SQL query (the rollout's claim); null stays null. */
    public String open(UUID gatewayId, String keyId, byte[] sealed) {
        return keyId == null ? null : cipher.open(gatewayId, new Sealed(keyId, sealed));
    }
}
