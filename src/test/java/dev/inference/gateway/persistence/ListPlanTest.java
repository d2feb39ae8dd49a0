package dev.inference.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inference.gateway.support.BigOrganization;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A whole-organization list streams from the (organization, created_at, id) index from its first row on. PostgreSQL
 * plans a protocol-level cursor for reading every row, and for an organization that is a large share of a table
 * whose rows are no longer stored in creation order (any table that has seen updates) it prefers to sort the
 * organization first: seconds of CPU and an on-disk sort per list before the first byte. Here the planner is made to
 * see such a table (random page reads priced as a large, uncorrelated table makes them) and asked for the plans.
 */
@QuarkusTest
@Slow
class ListPlanTest {
    /** Random page reads priced as in a large table whose rows are not in index order; the plan made generic. */
    private static final String LARGE_UNCORRELATED_TABLE = "SET LOCAL random_page_cost = 1000;"
            + " SET LOCAL plan_cache_mode = force_generic_plan";

    @Inject
    Pool pool;

    @Test
    void theListsTransactionReadsTheIndexWhereTheDefaultPlanWouldSort() {
        // The planner must know initech as the large organization it is, whichever tests ran before this one.
        BigOrganization.seed(pool);
        // ANALYZE reads a sample of at most 30,000 rows (the whole test took 0.2 s); the pool's statement_timeout
        // (10 s) would end it before this hang guard.
        pool.query("ANALYZE gateway").execute().await().atMost(Duration.ofSeconds(60));
        for (boolean updatedAfter : List.of(false, true)) {
            for (boolean keyset : List.of(false, true)) {
                String query = GatewayReads.listQuery(GatewayReads.COLUMNS, updatedAfter, keyset, keyset);
                assertThat(plan("BEGIN", query)).as("the default plan of " + query).contains("Sort");
                assertThat(plan(GatewayReads.BEGIN_LIST, query)).as("the list's plan of " + query)
                        .doesNotContain("Sort").contains("gateway_org_created_idx");
            }
        }
    }

    /**
     * EXPLAIN of the statement in a transaction begun as given, with parameters of the right types (a few
     * milliseconds; the 10 s is a hang guard).
     */
    private String plan(String begin, String query) {
        return pool.withConnection(connection -> explain(connection, begin, query))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static Uni<String> explain(SqlConnection connection, String begin, String query) {
        return connection.query(begin).execute()
                .chain(() -> connection.query(LARGE_UNCORRELATED_TABLE).execute())
                .chain(() -> connection.query("PREPARE list_plan AS " + query).execute())
                .chain(() -> connection.query("EXPLAIN EXECUTE list_plan('initech'"
                        + ", now()".repeat(query.contains("updated_at >") ? 1 : 0)
                        + ", now(), gen_random_uuid()".repeat(query.contains("(created_at, id) >") ? 1 : 0)
                        + ", 1000".repeat(query.contains("LIMIT") ? 1 : 0) + ")").execute())
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString(0))
                        .collect(Collectors.joining("\n")))
                .eventually(() -> connection.query("ROLLBACK").execute()
                        .chain(() -> connection.query("DEALLOCATE list_plan").execute()).onFailure().recoverWithNull());
    }
}
