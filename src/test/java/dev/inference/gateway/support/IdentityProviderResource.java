package dev.inference.gateway.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An identity provider for the tests, on the loopback interface: its JWKS ({@code /jwks.json}) is served from a
 * file that {@link TestTokens} writes (a key made by the test, and more for rotation), read at every request, so
 * what the service fetches is what the test published last. Every {@code @QuarkusTest} gets it (one boot): the
 * service verifies JWTs against it, with this issuer and audience.
 */
public class IdentityProviderResource implements QuarkusTestResourceLifecycleManager {
    public static final String ISSUER = "https://idp.test.example/";
    public static final String AUDIENCE = "inference-gateways";
    /** The directory of the JWKS and the private keys, shared with the tests through a system property. */
    static final String DIRECTORY = "test-idp.directory";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path directory = Files.createTempDirectory("test-idp");
            System.setProperty(DIRECTORY, directory.toString());
            TestTokens.publish(directory, TestTokens.FIRST_KEY);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks.json", exchange -> {
                byte[] jwks = Files.readAllBytes(directory.resolve("jwks.json"));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
            return Map.of(
                    "mp.jwt.verify.publickey.location", "http://127.0.0.1:" + server.getAddress().getPort()
                            + "/jwks.json",
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.audiences", AUDIENCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
