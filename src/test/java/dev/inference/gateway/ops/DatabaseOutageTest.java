package dev.inference.gateway.ops;

import static dev.inference.gateway.api.Fixtures.*;
import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import dev.inference.gateway.support.LogCapture;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * The database really goes away (the embedded server is stopped) and comes back on the same port with the
 * same data: readiness follows it without a restart, liveness does not, and the API answers 503 UNAVAILABLE
 * promptly in between.
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
class DatabaseOutageTest {

    @Test
    void readinessAndApiFollowTheDatabaseWithoutARestart() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\"]"));
        get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        LogCapture logs = new LogCapture();
        OutageDatabase.stopDatabase();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> get("/q/health/ready").then().statusCode(503).body("status", is("DOWN")));
            get("/q/health/live").then().statusCode(200).body("status", is("UP"));

            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(503).body("code", is(14));
                create(ACME_ADMIN, body("[]")).then().statusCode(503).body("code", is(14));
                as(ACME_ADMIN).get(BASE).then().statusCode(503).body("code", is(14));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("503s come promptly")
                        .isLessThan(Duration.ofSeconds(5));
            }
            // A long outage, requests and rollout passes failing all along, makes a handful of lines: wait for a
            // hundred failed passes (one per 50 ms poll interval, several failure-log intervals of 2 s).
            double failedBefore = failedPasses();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> failedPasses() >= failedBefore + 100);
            for (int i = 0; i < 20; i++) {
                as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(503);
            }
        } finally {
            OutageDatabase.startDatabase();
            logs.close();
        }
        List<String> warnings = logs.lines(Level.WARNING);
        assertThat(warnings).as("log lines at WARN or above during the outage").hasSizeLessThanOrEqualTo(15);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> get("/q/health/ready").then().statusCode(200).body("status", is("UP")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(200).body("gateway.spec.id", is(id)));
        createdId(ACME_ADMIN, body("[]"));
    }

    /** rollout_passes_failed_total: the metrics are served from memory, the database is not needed. */
    private static double failedPasses() {
        String metrics = get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("rollout_passes_failed_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }
}
