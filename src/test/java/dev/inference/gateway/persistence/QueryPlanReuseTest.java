package dev.inference.gateway.persistence;

import static dev.inference.gateway.api.Fixtures.ACME_ADMIN;
import static dev.inference.gateway.api.Fixtures.createdId;
import static dev.inference.gateway.api.Fixtures.patch;
import static dev.inference.gateway.api.Fixtures.spec;
import static dev.inference.gateway.api.Fixtures.uniqueName;
import static dev.inference.gateway.api.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * A steady load plans nothing new: Hibernate keeps the plan of each statement it runs, and a statement whose plan is
 * never found again (the zone statement of every write, when it answered its rows as entities: each call added
 * another plan under the same hash, and each lookup walked them all, a quarter of the CPU of a PATCH load) shows as a
 * plan cache miss at every call. Statistics are on in the test profile.
 */
@QuarkusTest
class QueryPlanReuseTest {
    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void updatesReuseThePlansOfTheirStatements() {
        Map<String, Object> body = spec();
        String id = createdId(ACME_ADMIN, body);
        patch(ACME_ADMIN, id, with(body, "name", uniqueName())).then().statusCode(200); // plans what an update runs
        Statistics statistics = sessions.getStatistics();
        long misses = statistics.getQueryPlanCacheMissCount();
        long hits = statistics.getQueryPlanCacheHitCount();
        for (int i = 0; i < 5; i++) {
            patch(ACME_ADMIN, id, with(body, "name", uniqueName())).then().statusCode(200);
        }
        assertEquals(misses, statistics.getQueryPlanCacheMissCount(), "no new plan for the statements of an update");
        assertTrue(statistics.getQueryPlanCacheHitCount() >= hits + 5,
                "the updates found their plans: hits " + hits + " -> " + statistics.getQueryPlanCacheHitCount());
    }
}
