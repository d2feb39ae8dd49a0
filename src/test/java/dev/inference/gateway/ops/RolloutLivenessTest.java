package dev.inference.gateway.ops;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.inference.gateway.support.LogCapture;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Liveness tells when the rollout is stuck or broken, and only then: a step whose transaction hangs is ended by
 * the database's time limit and retried, liveness goes DOWN while no step completes and UP once one does; a pass
 * that fails every time is logged at WARN (a few lines, not one per pass), counted, and turns liveness DOWN after
 * a few in a row, UP again once passes work.
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
@Slow
class RolloutLivenessTest {
    /**
     * The slowest state waited for takes about 3 s: liveness turns DOWN after rollout.liveness-stall (3 s,
     * FaultProfile) without a finished step. The others come within a second: three failed passes at one per 50 ms;
     * READY once the lock is gone (the step's record that waited for it goes on at once, or the zone's next 200 ms
     * step); UP again with the next finished step or idle pass. The two tests took 6.4 s together on a loaded 2-core
     * machine. 20 s leaves a margin of 6x over the stall timer.
     */
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * "rollout pass failed" comes at most once per rollout.failure-log-interval (2 s, FaultProfile), so 4 lines allow
     * a window of 6 s between renaming the table and renaming it back; the window is three failed passes (50 ms apart)
     * and a liveness check: the whole test took under 1 s on a shared 2-core machine.
     */
    private static final int MOST_FAILED_PASS_LINES = 4;

    @Test
    void aHangingStepIsEndedAndRetriedAndLivenessFollowsIt() throws Exception {
        awaitLive(200);
        String id;
        try (Connection connection = OutageDatabase.connect()) {
            connection.setAutoCommit(false);
            id = createdId(ACME_ADMIN, body("[\"US-EAST-04A\"]"));
            try (Statement lock = connection.createStatement()) {
                // The step's record waits for this lock (the driver takes 200 ms): its transaction hangs.
                lock.execute("SELECT * FROM gateway WHERE id = '" + id + "' FOR UPDATE");
            }
            awaitLive(503);
            assertThat(get(ACME_ADMIN, id).path("gateway.status.status").toString()).isEqualTo("STATUS_CREATING");
            connection.rollback();
        }
        await().atMost(WAIT).until(() -> "STATUS_READY".equals(get(ACME_ADMIN, id).path("gateway.status.status")));
        awaitLive(200);
    }

    @Test
    void failingPassesAreLoggedCountedAndTurnLivenessDown() throws Exception {
        awaitLive(200);
        double failedBefore = failedPasses();
        try (LogCapture logs = new LogCapture(); Connection connection = OutageDatabase.connect();
                Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE gateway_zone RENAME TO gateway_zone_away");
            try {
                awaitLive(503);
                RestAssured.get("/q/health/live").then().body("checks.find { it.name == 'rollout-loop' }.data.failedPassesInARow",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(3));
                assertThat(failedPasses()).isGreaterThanOrEqualTo(failedBefore + 3);
            } finally {
                sql.execute("ALTER TABLE gateway_zone_away RENAME TO gateway_zone");
            }
            assertThat(logs.lines(Level.WARNING)).anyMatch(line -> line.contains("rollout pass failed"))
                    .filteredOn(line -> line.contains("rollout pass failed"))
                    .hasSizeLessThanOrEqualTo(MOST_FAILED_PASS_LINES);
        }
        awaitLive(200);
    }

    private static void awaitLive(int status) {
        await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/live").then().statusCode(status)
                .body("status", is(status == 200 ? "UP" : "DOWN")));
    }

    private static double failedPasses() {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("rollout_passes_failed_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
