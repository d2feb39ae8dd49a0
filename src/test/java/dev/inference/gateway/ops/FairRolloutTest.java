package dev.inference.gateway.ops;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One organization's burst does not starve another: acme has 300 gateways whose zones are all due (copies of one
 * it created, 20 s of work with zones that take 200 ms and 3 zone steps at a time), yet a single gateway globex
 * creates afterwards is READY within 5 s while most of acme's work is still queued, because the workers
 * share the due work fairly across organizations (claiming in order of due time alone, it waited for the burst).
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
@Slow
class FairRolloutTest {
    private static final int BURST = 300;
    /**
     * How long globex's gateway may take to be READY. Fairly shared, it waits for one of the 3 slots (at most one
     * 200 ms step), takes one step (200 ms) and is recorded: 0.5-0.8 s measured on a loaded 2-core machine, of which
     * up to 0.4 s are the simulated zone's timers. Queued behind the burst it would wait about 20 s. 5 s (3 s before: 2x
     * what a day 3x slower would take) stays well below the 10 s after which acme could have finished half of its
     * burst (15 steps a second), so the count of acme's queued zones below tells fair from unfair whatever the speed.
     */
    private static final Duration READY_WITHIN = Duration.ofSeconds(5);

    @Test
    void anotherOrganizationsGatewayIsNotQueuedBehindABurst() throws Exception {
        String template = createdId(ACME_ADMIN, body("[\"US-EAST-04A\"]"));
        try (Connection db = OutageDatabase.connect(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TEMPORARY TABLE burst AS SELECT gen_random_uuid() AS id FROM generate_series(1, "
                    + BURST + ")");
            sql.execute("INSERT INTO gateway SELECT (jsonb_populate_record(g, jsonb_build_object('id', burst.id))).* "
                    + "FROM gateway g, burst WHERE g.id = '" + template + "'");
            sql.execute("INSERT INTO gateway_zone (gateway_id, zone, present, desired_generation, next_attempt_at, "
                    + "desired_at, organization_id) SELECT burst.id, 'US-EAST-04A', true, 1, now(), now(), 'acme' "
                    + "FROM burst");
            try {
                long started = System.nanoTime();
                String globex = createdId(GLOBEX_ADMIN, body("[\"US-EAST-04A\"]"));
                await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(50))
                        .until(() -> "STATUS_READY".equals(get(GLOBEX_ADMIN, globex).path("gateway.status.status")));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                try (ResultSet queued = sql.executeQuery("SELECT count(*) FROM gateway_zone z JOIN burst "
                        + "ON burst.id = z.gateway_id WHERE z.next_attempt_at IS NOT NULL")) {
                    queued.next();
                    assertThat(queued.getLong(1)).as("acme's zones still queued when globex's gateway is READY "
                            + "(after %s)", took).isGreaterThan(BURST / 2);
                }
            } finally {
                sql.execute("DELETE FROM gateway WHERE id IN (SELECT id FROM burst)");
            }
        }
    }
}
