package dev.inference.gateway.support;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake DNS server as a real Vert.x DnsClient sees it, over loopback; no Quarkus. */
class FakeDnsServerTest {
    private FakeDnsServer server;
    private Vertx vertx;
    private DnsClient client;

    @BeforeEach
    void start() {
        server = FakeDnsServer.start();
        vertx = Vertx.vertx();
        client = vertx.createDnsClient(new DnsClientOptions().setHost("127.0.0.1").setPort(server.port())
                .setQueryTimeout(2000));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, SECONDS);
        server.close();
    }

    private List<String> txt(String name) throws Exception {
        return client.resolveTXT(name).toCompletionStage().toCompletableFuture().get(5, SECONDS);
    }

    @Test
    void answersTheValuesOfAName() throws Exception {
        server.txt("_gateway.example.test", "v=1", "key=abc");

        assertThat(txt("_gateway.example.test")).containsExactly("v=1", "key=abc");
    }

    @Test
    void splitsValuesLongerThan255BytesIntoCharacterStrings() throws Exception {
        String value = "k=" + "x".repeat(298);
        server.txt("long.example.test", value);

        // Vert.x 4 lists each character-string of a TXT record on its own, so the 300 bytes come back as 255 + 45.
        List<String> answer = txt("long.example.test");
        assertThat(answer).hasSize(2);
        assertThat(answer.get(0)).hasSize(255);
        assertThat(String.join("", answer)).isEqualTo(value);
    }

    @Test
    void aClearedNameIsNxdomain() throws Exception {
        server.txt("gone.example.test", "here");
        assertThat(txt("gone.example.test")).containsExactly("here");

        server.clear("gone.example.test.");

        assertThatThrownBy(() -> txt("gone.example.test"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DnsException.class)
                .extracting(e -> ((DnsException) e).code()).isEqualTo(DnsResponseCode.NXDOMAIN);
    }

    @Test
    void namesAreCaseInsensitive() throws Exception {
        server.txt("Mixed.Example.TEST.", "found");

        assertThat(txt("mixed.example.test")).containsExactly("found");
        assertThat(txt("MIXED.EXAMPLE.test")).containsExactly("found");
    }

    @Test
    void otherTypesOfAKnownNameAreEmpty() throws Exception {
        server.txt("typed.example.test", "v=1");

        assertThat(client.resolveA("typed.example.test").toCompletionStage().toCompletableFuture().get(5, SECONDS))
                .isEmpty();
    }
}
