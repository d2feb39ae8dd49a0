package dev.inference.gateway.security;

import dev.inference.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets customers give us (the W&amp;B {@code apiKey}) for storage: AES-256-GCM with a random
 * 96-bit nonce, the gateway's id as associated data (a sealed value copied onto another gateway does not open),
 * and the id of the key stored beside each value so that keys can rotate: the first key of
 * {@code gateway.secrets.keys} seals, every listed key opens.
 */
@Singleton
public class SecretCipher {
    /** A sealed secret: the id of the key that sealed it, and {@code version || nonce || ciphertext+tag}. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String currentKeyId;

    @Inject
    SecretCipher(GatewayConfig config) {
        this(config.secrets().keys().orElse(List.of()));
    }

    /**
     * @param entries {@code <key-id>:<base64 of 32 bytes>}, the first one current
     * @throws IllegalArgumentException naming the entry (never the key) when one is malformed, or when there is none
     */
    public SecretCipher(List<String> entries) {
        Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).strip();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("gateway.secrets.keys entry " + (i + 1)
                        + " is not <key-id>:<base64 of a 256-bit key> (key ids: letters, digits, . _ -)");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("gateway.secrets.keys entry " + (i + 1) + " (key \"" + id
                        + "\") is not the base64 of 32 bytes (generate one with: openssl rand -base64 32)");
            }
            if (parsed.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException("gateway.secrets.keys lists key \"" + id + "\" twice");
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("gateway.secrets.keys (GATEWAY_SECRETS_KEYS) is not set: the service "
                    + "stores customers' API keys encrypted and needs a key: <key-id>:<base64 of 32 random bytes>, "
                    + "for example k1:$(openssl rand -base64 32)");
        }
        this.keys = Map.copyOf(parsed);
        this.currentKeyId = parsed.keySet().iterator().next();
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** Seals a secret of one gateway with the current key. */
    public Sealed seal(UUID gatewayId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(gatewayId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new Sealed(currentKeyId, ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Opens a secret sealed for this gateway.
     *
     * @throws SecretUnreadableException when its key is not configured, or the key or the value is not the one
     *                                   that sealed it (the GCM tag does not match)
     */
    public String open(UUID gatewayId, Sealed sealed) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new SecretUnreadableException("the secret of gateway " + gatewayId + " was sealed with key \""
                    + sealed.keyId() + "\", which gateway.secrets.keys does not list");
        }
        byte[] bytes = sealed.bytes();
        if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
            throw new SecretUnreadableException("the secret of gateway " + gatewayId + " is not in a known format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(gatewayId));
            byte[] plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretUnreadableException("key \"" + sealed.keyId() + "\" does not open the secret of gateway "
                    + gatewayId + " (is gateway.secrets.keys the key it was sealed with?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static byte[] associatedData(UUID gatewayId) {
        return ("gateway-secret:" + gatewayId).getBytes(StandardCharsets.US_ASCII);
    }
}
