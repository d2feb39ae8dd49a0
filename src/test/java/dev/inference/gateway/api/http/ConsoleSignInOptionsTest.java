package dev.inference.gateway.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.LaunchMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSignInOptionsTest {
    private static final List<String> TOKENS = List.of("dev-acme-admin=acme:admin:acme-admin", " dev-x=globex:viewer ");

    @Test
    void devModeOffersTheStaticTokens() {
        assertThat(new ConsoleSignInOptions(true, LaunchMode.DEVELOPMENT, TOKENS, new ObjectMapper()).json())
                .isEqualTo("{\"devTokens\":[{\"token\":\"dev-acme-admin\",\"organization\":\"acme\",\"role\":\"admin\","
                        + "\"name\":\"acme-admin\"},{\"token\":\"dev-x\",\"organization\":\"globex\",\"role\":\"viewer\","
                        + "\"name\":\"globex viewer\"}]}");
    }

    @Test
    void productionNeverOffersATokenWhateverTheSetting() {
        assertThat(new ConsoleSignInOptions(true, LaunchMode.NORMAL, TOKENS, new ObjectMapper()).json())
                .isEqualTo("{\"devTokens\":[]}");
    }

    @Test
    void offSaysNothing() {
        assertThat(new ConsoleSignInOptions(false, LaunchMode.DEVELOPMENT, TOKENS, new ObjectMapper()).json())
                .isEqualTo("{\"devTokens\":[]}");
    }
}
