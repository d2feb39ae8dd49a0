package dev.inference.gateway.support;

import static dev.inference.gateway.api.Fixtures.body;
import static dev.inference.gateway.api.Fixtures.createdId;

import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;

/**
 * An organization of the tests' own (initech) with 30,000 gateways: one created through the API, the others cloned
 * from it in SQL (seconds instead of minutes). Seeded once per test JVM, when the service is up.
 */
public final class BigOrganization {
    public static final String TOKEN = "test-initech-admin";
    public static final String ORGANIZATION = "initech";
    public static final int GATEWAYS = 30_000;
    /**
     * The copy took 34 s on a loaded 2-core machine, most of it the change history of each row, written by a deferred
     * trigger when the statement commits (outside the pool's statement_timeout of 10 s, which therefore does not end
     * it). 120 s, the earlier bound, left a margin of only 3.5x; 5 minutes is 9x.
     */
    private static final Duration SEEDED = Duration.ofMinutes(5);
    private static boolean seeded;

    private BigOrganization() {
    }

    public static synchronized void seed(Pool pool) {
        if (seeded) {
            return;
        }
        String template = createdId(TOKEN, body("[\"US-EAST-04A\"]"));
        pool.query("INSERT INTO gateway SELECT (jsonb_populate_record(g, jsonb_build_object('id', gen_random_uuid(), "
                        + "'created_at', g.created_at + i * interval '1 microsecond'))).* FROM gateway g, "
                        + "generate_series(1, " + (GATEWAYS - 1) + ") i WHERE g.id = '" + template + "'")
                .execute().await().atMost(SEEDED);
        seeded = true; // only once it worked: a seed that failed fails every test that needs it, not only the first
    }
}
