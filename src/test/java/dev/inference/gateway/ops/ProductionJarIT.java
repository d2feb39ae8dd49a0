package dev.inference.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.inference.gateway.support.PackagedJar;
import dev.inference.gateway.support.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged application started as an operator starts it (production profile, its own JVM options): it refuses
 * to start without a zone driver, says so when its zones are simulated, and streams an unpaged list of 100,000
 * gateways (about 120 MB of JSON) whole on a fixed 96 MB heap, which a list built in memory could not fit in.
 */
@Slow
class ProductionJarIT {
    private static final int GATEWAYS = 100_000;
    /**
     * A fresh JVM starts in seconds (the start that must fail took 5 s, the list test 16 s in all, on a shared 2-core
     * machine); minutes on a slow, shared machine are still far inside this.
     */
    private static final Duration START = Duration.ofSeconds(120);
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static Map<String, String> environment(String database) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        int port = PackagedJar.freePort();
        return new HashMap<>(PackagedJar.baseEnvironment(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database,
                "postgresql://127.0.0.1:" + postgres.getPort() + "/" + database, port));
    }

    @Test
    void withoutAZoneDriverItStopsWithOneLineNamingTheSetting() throws Exception {
        try (PackagedJar jar = PackagedJar.start(List.of("-Xmx128m"), environment("nodriver"))) {
            assertThat(jar.awaitExit(START)).as("exit code; output:\n%s", jar.output()).isPositive();
            String output = jar.output();
            assertThat(count(output, "rollout.driver (ROLLOUT_DRIVER) is not set: set it to \"kubernetes\""))
                    .as(output).isEqualTo(1);
            assertThat(output).contains("or \"simulated\"");
            assertThat(output).as("no stack trace, just the line").doesNotContain("\tat ");
            // the driver is built before any worker starts, so no worker's timer fires into the stopped container
            assertThat(output).as("no worker started").doesNotContain("Rollout worker");
        }
    }

    @Test
    void anUnpagedListOfAHundredThousandGatewaysIsAnsweredWholeOnA96MegabyteHeap() throws Exception {
        Map<String, String> environment = environment("bigheap");
        environment.put("ROLLOUT_DRIVER", "simulated");
        environment.put("ROLLOUT_SIMULATED_LATENCY", "0s");
        environment.put("GATEWAY_AUTH_TOKENS", "big-admin=big:admin");
        environment.put("GATEWAY_AUTH_STATIC_TOKENS_ENABLED", "true");
        try (PackagedJar jar = PackagedJar.start(List.of("-Xms96m", "-Xmx96m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError"), environment)) {
            jar.awaitReady(START);
            // Simulated zones in production are said so: at start, and on readiness.
            assertThat(jar.output()).contains("rollout.driver=simulated: zones are simulated in memory");
            assertThat(send(jar, "/q/health/ready").body()).contains("\"driver\": \"simulated\"");

            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(jar.url("/v1alpha1/inference/gateways")))
                    .header("Authorization", "Bearer big-admin").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"template\", \"zones\": [], "
                            + "\"coreWeaveAuth\": {}, \"headerBasedRouting\": {\"headerName\": \"X-Model-Name\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created.body());
            assertThat(id.find()).isTrue();
            clone(id.group(1), GATEWAYS - 1, "bigheap");

            HttpResponse<InputStream> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(jar.url("/v1alpha1/inference/gateways")))
                    .header("Authorization", "Bearer big-admin").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(list.statusCode()).isEqualTo(200);
            long bytes;
            int items = 0;
            try (InputStream body = list.body()) {
                CountingStream counted = new CountingStream(body);
                JsonParser parser = new JsonFactory().createParser(counted);
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                assertThat(parser.nextFieldName()).isEqualTo("items");
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    items++;
                }
                assertThat(parser.nextFieldName()).isEqualTo("resourceVersion");
                bytes = counted.count;
            }
            assertThat(items).isEqualTo(GATEWAYS);
            assertThat(bytes).as("the answer is larger than the whole heap").isGreaterThan(96L << 20);
            assertThat(jar.alive()).as("still running:\n%s", jar.output()).isTrue();
            assertThat(send(jar, "/q/health/live").statusCode()).isEqualTo(200);
        }
    }

    /** Copies of the template row in SQL (seconds, not minutes through the API); no triggers: no change history. */
    private static void clone(String template, int copies, String database) throws Exception {
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            statement.execute("INSERT INTO gateway SELECT (jsonb_populate_record(g, jsonb_build_object('id', "
                    + "gen_random_uuid(), 'created_at', g.created_at + i * interval '1 microsecond'))).* "
                    + "FROM gateway g, generate_series(1, " + copies + ") i WHERE g.id = '" + template + "'");
        }
    }

    private static HttpResponse<String> send(PackagedJar jar, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jar.url(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
