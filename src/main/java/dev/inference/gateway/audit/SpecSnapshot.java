package dev.inference.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.persistence.StoredJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A spec as the audit keeps it: every field, and in place of the secret its fingerprint
 * ({@code sha256:<12 hex>} of the gateway's id and the key), which tells whether the key changed without telling
 * what it is.
 */
public final class SpecSnapshot {
    private SpecSnapshot() {
    }

    public static JsonNode of(UUID gatewayId, GatewaySpec spec) {
        if (spec == null) {
            return null;
        }
        ObjectNode json = (ObjectNode) CanonicalJson.read(StoredJson.writeSpec(spec));
        if (spec.apiKey() != null && json.get("weightsAndBiasesAuth") instanceof ObjectNode auth) {
            auth.put("apiKey", fingerprint(gatewayId, spec.apiKey()));
        }
        return json;
    }

    static String fingerprint(UUID gatewayId, String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((gatewayId + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
