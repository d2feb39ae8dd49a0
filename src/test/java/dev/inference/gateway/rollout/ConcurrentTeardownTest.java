package dev.inference.gateway.rollout;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many zone teardowns recorded at once (the workers delete zone rows and gateway rows concurrently). Hibernate
 * Reactive's entity delete loses one of two concurrent deletes (hibernate/hibernate-reactive#1713), which left
 * transactions idle for ever holding their locks and the whole rollout stuck: every gateway must converge, and
 * no connection may stay idle in a transaction.
 */
@QuarkusTest
@Slow
class ConcurrentTeardownTest {
    private static final String THREE_ZONES = "[\"US-EAST-04A\", \"US-EAST-06A\", \"US-WEST-09B\"]";
    private static final int GATEWAYS = 40;
    /**
     * 40 gateways of 3 zones are 120 zone steps of 50-70 ms (simulated zones, test profile), up to 128 at once
     * (rollout.concurrency): each phase is over in a second or two (each test took about 2 s in all on a shared
     * 2-core machine, creates and deletes included). 60 s is a margin of 30x.
     */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Test
    void fortyReadyGatewaysDeletedBySixteenClientsAreAllGone() throws Exception {
        List<String> ids = readyGateways();

        List<Integer> answers = inParallel(ids, id -> delete(ACME_ADMIN, id).statusCode());
        assertThat(answers).containsOnly(200);

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids)
                .allSatisfy(id -> assertThat(get(ACME_ADMIN, id).statusCode()).isEqualTo(404)));
        assertThat(count("SELECT count(*) FROM gateway_zone WHERE gateway_id = ANY($1)", uuids(ids))).isZero();
        assertThat(idleInTransaction()).isZero();
    }

    @Test
    void aPatchRemovingZonesFromManyGatewaysAtOnceEndsReady() throws Exception {
        List<String> ids = readyGateways();

        List<Integer> answers = inParallel(ids,
                id -> mergePatch(ACME_ADMIN, id, "{\"zones\": [\"US-EAST-04A\"]}").statusCode());
        assertThat(answers).containsOnly(200);

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids).allSatisfy(id -> {
            var gateway = get(ACME_ADMIN, id).then().statusCode(200).extract().jsonPath();
            assertThat(gateway.getString("gateway.status.status")).isEqualTo("STATUS_READY");
            assertThat(gateway.getList("gateway.status.conditions.zone")).containsExactly("US-EAST-04A");
        }));
        assertThat(count("SELECT count(*) FROM gateway_zone WHERE gateway_id = ANY($1) "
                + "AND (next_attempt_at IS NOT NULL OR lease_owner IS NOT NULL OR NOT present)", uuids(ids))).isZero();
        assertThat(idleInTransaction()).isZero();
    }

    private List<String> readyGateways() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < GATEWAYS; i++) {
            ids.add(createdId(ACME_ADMIN, body(THREE_ZONES)));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(ids).allSatisfy(
                id -> assertThat(get(ACME_ADMIN, id).path("gateway.status.status").toString())
                        .isEqualTo("STATUS_READY")));
        return ids;
    }

    private static List<Integer> inParallel(List<String> ids, java.util.function.Function<String, Integer> call)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(clients.submit(() -> call.apply(id)));
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private long idleInTransaction() {
        return count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()", null);
    }

    /** A count of a few rows: milliseconds; 10 s is a hang guard (the pool's statement_timeout is 10 s as well). */
    private long count(String sql, Object parameter) {
        var query = pool.preparedQuery(sql);
        var rows = parameter == null ? query.execute().await().atMost(Duration.ofSeconds(10))
                : query.execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().next().getLong(0);
    }

    private static UUID[] uuids(List<String> ids) {
        return ids.stream().map(UUID::fromString).toArray(UUID[]::new);
    }
}
