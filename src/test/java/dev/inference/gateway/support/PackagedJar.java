package dev.inference.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, production profile) started by a test as an
 * operator would start it: its own JVM options and environment, its output in a file. For the checks that
 * {@code @QuarkusIntegrationTest} cannot make: a start that must fail, a fixed small heap.
 */
public final class PackagedJar implements AutoCloseable {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final Path output;
    public final int port;

    private PackagedJar(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** The settings every start needs: the database, a fresh secrets key, a free port. */
    public static Map<String, String> baseEnvironment(String jdbcUrl, String reactiveUrl, int port) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl,
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl,
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false",
                "QUARKUS_SHUTDOWN_DELAY", "0s",
                "GATEWAY_SECRETS_KEYS", "it:" + Base64.getEncoder().encodeToString(key));
    }

    public static PackagedJar start(List<String> jvmOptions, Map<String, String> environment) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests with ./mvnw verify -Dfull");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        try {
            Path output = Files.createTempFile("packaged-jar", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            return new PackagedJar(builder.start(), output, Integer.parseInt(environment.get("QUARKUS_HTTP_PORT")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for readiness; fails with the output if the process ends or is not ready in time. */
    public void awaitReady(Duration within) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the application exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the application was not ready within " + within + ":\n" + output());
    }

    /** Waits for the process to end by itself; its exit code, or -1 if it did not within the time. */
    public int awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        // Graceful shutdown takes at most quarkus.shutdown.timeout (10 s) and rollout.shutdown-grace (5 s), and no
        // delay (QUARKUS_SHUTDOWN_DELAY=0s above); after 20 s the process is killed, which fails no test.
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(output);
    }
}
