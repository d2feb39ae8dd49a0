package dev.inference.gateway.ops;

import static dev.inference.gateway.api.Fixtures.*;
import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.inference.gateway.support.Slow;
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
@Slow
class DatabaseOutageTest {
    /**
     * Readiness checks the database on every call, so it follows a stop or a start within one check, and once it is UP
     * the API is served again at once; the embedded PostgreSQL starts again in a second or two. Measured: DOWN after
     * 0.4 s, UP again after 1.5 s on a loaded 2-core machine; 10 s and 30 s are margins of 20x.
     */
    private static final Duration READINESS_FOLLOWS = Duration.ofSeconds(10);
    private static final Duration DATABASE_BACK = Duration.ofSeconds(30);
    /**
     * This bound is the behaviour under test: three requests answered 503 with the database gone took 0.6-0.7 s on a
     * loaded 2-core machine (a refused connection is noticed at once); had one of them waited for the 6 s transaction
     * timeout (FaultProfile), the three would take more than 6 s.
     */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    /**
     * A hundred failed passes at one per rollout.poll-interval (50 ms) take 5 s by the timer (5.1 s measured under
     * load): 30 s is 6x.
     */
    private static final Duration HUNDRED_PASSES = Duration.ofSeconds(30);
    /**
     * The WARN (and ERROR) lines an outage may make. Some come once (the first failed pass, the readiness check, the
     * JDBC pool's validations, the first 503, ...: about 7), the throttled ones with the outage's length: a failed
     * rollout pass every 2 s (rollout.failure-log-interval, FaultProfile), sampling the gauges and 503 answers every
     * 10 s. A 10 s outage (this test on a loaded 2-core machine) made 13: the earlier bound of 15 left two lines, 2-3 s
     * more of outage, to a slower day. 30 holds for an outage of about 30 s, 3x that, while an unthrottled log (a line
     * per failed pass and per 503) would write over 120.
     */
    private static final int MOST_WARNINGS = 30;

    @Test
    void readinessAndApiFollowTheDatabaseWithoutARestart() {
        String id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\"]"));
        get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        LogCapture logs = new LogCapture();
        OutageDatabase.stopDatabase();
        try {
            await().atMost(READINESS_FOLLOWS).untilAsserted(
                    () -> get("/q/health/ready").then().statusCode(503).body("status", is("DOWN")));
            get("/q/health/live").then().statusCode(200).body("status", is("UP"));

            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(503).body("code", is(14));
                create(ACME_ADMIN, body("[]")).then().statusCode(503).body("code", is(14));
                as(ACME_ADMIN).get(BASE).then().statusCode(503).body("code", is(14));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("503s come promptly")
                        .isLessThan(PROMPTLY);
            }
            // A long outage, requests and rollout passes failing all along, makes a handful of lines: wait for a
            // hundred failed passes (one per 50 ms poll interval, several failure-log intervals of 2 s).
            double failedBefore = failedPasses();
            await().atMost(HUNDRED_PASSES).pollInterval(Duration.ofMillis(200))
                    .until(() -> failedPasses() >= failedBefore + 100);
            for (int i = 0; i < 20; i++) {
                as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(503);
            }
        } finally {
            OutageDatabase.startDatabase();
            logs.close();
        }
        List<String> warnings = logs.lines(Level.WARNING);
        assertThat(warnings).as("log lines at WARN or above during the outage").hasSizeLessThanOrEqualTo(MOST_WARNINGS);

        await().atMost(DATABASE_BACK).untilAsserted(
                () -> get("/q/health/ready").then().statusCode(200).body("status", is("UP")));
        await().atMost(READINESS_FOLLOWS).untilAsserted(
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
