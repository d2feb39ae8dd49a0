package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /gateways?pageSize=N&pageToken=T (extension). */
@QuarkusTest
class PaginationTest {

    @Test
    void followingNextPageTokenVisitsEveryGatewayExactlyOnce() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            mine.add(createdId(ACME_ADMIN));
        }
        Map<String, Integer> visits = new HashMap<>();
        List<String> order = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var request = as(ACME_ADMIN).queryParam("pageSize", 2);
            if (token != null) {
                request.queryParam("pageToken", token);
            }
            Response page = request.get(BASE);
            page.then().statusCode(200).body("items.size()", lessThanOrEqualTo(2));
            List<String> ids = page.path("items.spec.id");
            token = page.path("nextPageToken");
            if (token != null) {
                assertEquals(2, ids.size(), "a page that is not the last is full");
                assertTrue(!token.isEmpty(), "nextPageToken is absent, not empty, on the last page");
            }
            for (String id : ids) {
                visits.merge(id, 1, Integer::sum);
                order.add(id);
            }
            if (++pages > 10_000) {
                fail("pagination does not end");
            }
        } while (token != null);

        visits.forEach((id, count) -> assertEquals(1, count, "gateway " + id + " was listed " + count + " times"));
        assertTrue(visits.keySet().containsAll(mine), "every gateway created here is listed");
        // Without pageSize, the same items in the same order.
        List<String> all = as(ACME_ADMIN).get(BASE).then().statusCode(200).extract().path("items.spec.id");
        assertTrue(all.containsAll(mine));
        List<String> allMine = all.stream().filter(mine::contains).toList();
        List<String> pagedMine = order.stream().filter(mine::contains).toList();
        assertEquals(allMine, pagedMine);
    }

    @Test
    void lastPageHasNoNextPageToken() {
        createdId(ACME_ADMIN);
        as(ACME_ADMIN).queryParam("pageSize", 1000).get(BASE).then().statusCode(200)
                .body("$", not(hasKey("nextPageToken")));
        as(ACME_ADMIN).queryParam("pageSize", 1).queryParam("updatedAfter", "2100-01-01T00:00:00Z").get(BASE)
                .then().statusCode(200)
                .body("items", empty())
                .body("$", not(hasKey("nextPageToken")));
    }

    @Test
    void pageSizeCombinesWithUpdatedAfter() {
        Instant before = Instant.now().minusSeconds(60);
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            mine.add(createdId(GLOBEX_ADMIN));
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            var request = as(GLOBEX_ADMIN).queryParam("pageSize", 1).queryParam("updatedAfter", before.toString());
            if (token != null) {
                request.queryParam("pageToken", token);
            }
            Response page = request.get(BASE);
            page.then().statusCode(200).body("items", hasSize(lessThanOrEqualTo(1)));
            List<String> ids = page.path("items.spec.id");
            for (String id : ids) {
                assertTrue(seen.add(id), "gateway " + id + " repeated");
            }
            token = page.path("nextPageToken");
        } while (token != null);
        assertTrue(seen.containsAll(mine));
    }

    @Test
    void badPageTokenIsInvalid() {
        String forgedLate = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("31556889864403199:999999999:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String forgedEarly = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("-31557014167219200:0:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String garbage = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "a:b:c".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of("garbage!", "%%%", "AAAA", garbage, "x".repeat(3000), "' OR 1=1 --")) {
            assertInvalid(as(ACME_ADMIN).queryParam("pageSize", 2).queryParam("pageToken", bad).get(BASE),
                    "pageToken");
        }
        // Well-formed but forged tokens pointing outside the database's time range are not tokens we issued.
        for (String forged : List.of(forgedLate, forgedEarly)) {
            assertInvalid(as(ACME_ADMIN).queryParam("pageSize", 2).queryParam("pageToken", forged).get(BASE),
                    "pageToken");
        }
    }

    @Test
    void badPageSizeIsInvalid() {
        for (String bad : List.of("-1", "-2147483648", "abc", "1.5", "99999999999", "2e3")) {
            assertInvalid(as(ACME_ADMIN).queryParam("pageSize", bad).get(BASE), "pageSize");
        }
    }

    @Test
    void pageSizeAboveTheMaximumIsLowered() {
        createdId(ACME_ADMIN);
        as(ACME_ADMIN).queryParam("pageSize", Integer.MAX_VALUE).get(BASE).then().statusCode(200)
                .body("items", not(empty()));
    }
}
