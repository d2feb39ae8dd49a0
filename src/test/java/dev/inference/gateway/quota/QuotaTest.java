package dev.inference.gateway.quota;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.inference.gateway.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-organization quotas: a gateway count checked inside the create's transaction (concurrent creates cannot pass
 * it), and a request rate per replica answered before any database work, each organization with a bucket of its
 * own. The test configuration gives quota-race 10 gateways, and rate-a and rate-b 2 requests a second in bursts of 5.
 */
@QuarkusTest
class QuotaTest {
    static final String QUOTAS = "/v1alpha1/inference/quotas";

    @Test
    void fiftyConcurrentCreatesAgainstALimitOfTenLeaveExactlyTen() throws Exception {
        String admin = TestTokens.token("quota-race", "racer", TestTokens.ADMIN);
        as(admin).get(QUOTAS).then().statusCode(200).body("quotas.find { it.name == 'gateways' }.usage", is(0));
        ExecutorService clients = Executors.newFixedThreadPool(50);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit((Callable<Response>) () -> create(admin, spec())));
            }
            int created = 0;
            int refused = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    created++;
                } else {
                    assertError(response, 429, 8);
                    response.then()
                            .body("details[0].'@type'", is("type.googleapis.com/google.rpc.QuotaFailure"))
                            .body("details[0].violations[0].subject", is("organizations/quota-race"))
                            .body("details[0].violations[0].description", containsString("10 gateways"));
                    refused++;
                }
            }
            assertThat(created).isEqualTo(10);
            assertThat(refused).isEqualTo(40);
        } finally {
            clients.shutdownNow();
        }
        as(admin).get(BASE).then().statusCode(200).body("items", hasSize(10));
        as(admin).get(QUOTAS).then().statusCode(200)
                .body("organizationId", is("quota-race"))
                .body("quotas.find { it.name == 'gateways' }.limit", is(10))
                .body("quotas.find { it.name == 'gateways' }.usage", is(10))
                .body("quotas.find { it.name == 'requestsPerSecond' }", nullValue());
    }

    @Test
    void anOrganizationAtItsRateLimitIsRefusedAndAnotherIsNot() throws Exception {
        String a = TestTokens.token("rate-a", "hammer", TestTokens.VIEWER);
        String b = TestTokens.token("rate-b", "neighbour", TestTokens.VIEWER);
        int passed = 0;
        Response refused = null;
        for (int i = 0; i < 12; i++) {
            Response response = as(a).get(BASE);
            if (response.statusCode() == 200) {
                passed++;
            } else {
                refused = response;
            }
        }
        assertThat(passed).as("the burst, and what refilled meanwhile").isBetween(5, 8);
        assertThat(refused).isNotNull();
        assertError(refused, 429, 8);
        refused.then().header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("details[0].'@type'", is("type.googleapis.com/google.rpc.QuotaFailure"))
                .body("details[0].violations[0].subject", is("organizations/rate-a"));
        // the neighbour's bucket is its own: its whole burst passes while rate-a is refused
        for (int i = 0; i < 5; i++) {
            as(b).get(BASE).then().statusCode(200);
        }
        // the limit, as the organization reads it (this read waits for a token too)
        Thread.sleep(1_000);
        as(a).get(QUOTAS).then().statusCode(200)
                .body("quotas.find { it.name == 'requestsPerSecond' }.limit", is(2))
                .body("quotas.find { it.name == 'requestsPerSecond' }.burst", is(5))
                .body("quotas.find { it.name == 'gateways' }.limit", is(1000));
    }
}
