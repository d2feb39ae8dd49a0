package dev.inference.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inference.gateway.security.SecretCipher.Sealed;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final UUID GATEWAY = UUID.randomUUID();
    private static final String OLD = "old:" + key();
    private static final String NEW = "new:" + key();

    static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void sealedValuesHoldNoPlainTextAndOpenAgain() {
        SecretCipher cipher = new SecretCipher(List.of(NEW));
        Sealed sealed = cipher.seal(GATEWAY, "wandb-secret-key");
        assertThat(sealed.keyId()).isEqualTo("new");
        assertThat(new String(sealed.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("wandb-secret-key");
        assertThat(cipher.open(GATEWAY, sealed)).isEqualTo("wandb-secret-key");
        assertThat(cipher.seal(GATEWAY, "wandb-secret-key").bytes()).as("a fresh nonce each time")
                .isNotEqualTo(sealed.bytes());
    }

    @Test
    void aValueSealedForOneGatewayDoesNotOpenForAnother() {
        SecretCipher cipher = new SecretCipher(List.of(NEW));
        Sealed sealed = cipher.seal(GATEWAY, "k");
        assertThatThrownBy(() -> cipher.open(UUID.randomUUID(), sealed)).isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void afterRotationOldKeysStillOpenAndNewValuesUseTheCurrentKey() {
        Sealed underOld = new SecretCipher(List.of(OLD)).seal(GATEWAY, "k");
        SecretCipher rotated = new SecretCipher(List.of(NEW, OLD));
        assertThat(rotated.open(GATEWAY, underOld)).isEqualTo("k");
        assertThat(rotated.seal(GATEWAY, "k").keyId()).isEqualTo("new");
        assertThat(rotated.currentKeyId()).isEqualTo("new");
        assertThat(rotated.knows("old")).isTrue();
    }

    @Test
    void aWrongOrMissingKeyFailsSayingWhichKey() {
        Sealed sealed = new SecretCipher(List.of(OLD)).seal(GATEWAY, "k");
        assertThatThrownBy(() -> new SecretCipher(List.of(NEW)).open(GATEWAY, sealed))
                .isInstanceOf(SecretUnreadableException.class).hasMessageContaining("\"old\"")
                .hasMessageContaining("does not list");
        assertThatThrownBy(() -> new SecretCipher(List.of("old:" + key())).open(GATEWAY, sealed))
                .isInstanceOf(SecretUnreadableException.class).hasMessageContaining("key \"old\" does not open");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-colon", ":" + "AAAA", "bad id:AAAA", "short:AAAA", "notbase64:!!!!"})
    void malformedKeysAreRefusedWithoutShowingThem(String entry) {
        assertThatThrownBy(() -> new SecretCipher(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.secrets.keys entry 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AAAA").doesNotContain("!!!!"));
    }

    @Test
    void noKeyAtAllIsRefusedWithAHint() {
        assertThatThrownBy(() -> new SecretCipher(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GATEWAY_SECRETS_KEYS").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> new SecretCipher(List.of(NEW, NEW))).hasMessageContaining("twice");
    }
}
