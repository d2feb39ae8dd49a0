package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Host names belong to one tenant: an additionalDns name is held by one gateway across all organizations (compared
 * case-insensitively), the service's own domain is reserved, and a name is free again once its gateway is gone.
 */
@QuarkusTest
class HostNameTest {
    static final String GLOBEX_ADMIN = "test-globex-admin";
    static final String DNS = "endpointConfiguration.additionalDns";

    static Map<String, Object> naming(String... hosts) {
        return spec("endpointConfiguration", Map.of("additionalDns", List.of(hosts)));
    }

    static void assertTaken(Response response, String field, String... secrets) {
        assertError(response, 409, 6);
        response.then().body("details[0].'@type'", is("type.googleapis.com/google.rpc.BadRequest"))
                .body("details[0].fieldViolations.field", hasItem(field));
        for (String secret : secrets) {
            assertThat(response.asString()).as("the refusal does not name the holder").doesNotContain(secret);
        }
    }

    @Test
    void twoOrganizationsRacingForOneNameOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String shared = host("race");
            CompletableFuture<Response> acme = CompletableFuture.supplyAsync(() -> create(ACME_ADMIN, naming(shared)));
            CompletableFuture<Response> globex = CompletableFuture.supplyAsync(
                    () -> create(GLOBEX_ADMIN, naming(shared.toUpperCase())));
            List<Response> answers = List.of(acme.get(30, TimeUnit.SECONDS), globex.get(30, TimeUnit.SECONDS));
            List<Response> won = answers.stream().filter(r -> r.statusCode() == 200).toList();
            assertThat(won).as("round " + round + ": exactly one holder").hasSize(1);
            Response lost = answers.stream().filter(r -> r.statusCode() != 200).findFirst().orElseThrow();
            String winner = won.get(0).path("gateway.spec.id");
            assertTaken(lost, DNS + "[0]", winner, won.get(0) == answers.get(0) ? "acme" : "globex");
        }
    }

    @Test
    void theServicesOwnDomainIsReserved() {
        for (String name : List.of("inference.example.com", "x.inference.example.com",
                "A.US-EAST-04A.Inference.Example.com")) {
            assertInvalid(create(ACME_ADMIN, naming(host("fine"), name)), DNS + "[1]");
        }
    }

    @Test
    void anUpdateCannotTakeANameAnotherGatewayHolds() {
        String held = host("held");
        createdId(GLOBEX_ADMIN, naming(held));
        String mine = host("mine");
        String id = createdId(ACME_ADMIN, naming(mine));
        assertTaken(patch(ACME_ADMIN, id, naming(mine, held)), DNS + "[1]");
        assertTaken(mergePatch(ACME_ADMIN, id, "{\"endpointConfiguration\": {\"additionalDns\": [\"" + held
                + "\"]}}"), DNS + "[0]");
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.status.generation", is(1))
                .body("gateway.spec." + DNS, contains(mine));
        // its own names it keeps, in any spelling, and it may give them up and take them again
        patch(ACME_ADMIN, id, with(naming(mine.toUpperCase()), "name", uniqueName())).then().statusCode(200);
        patch(ACME_ADMIN, id, naming()).then().statusCode(200);
        createdId(GLOBEX_ADMIN, naming(mine)); // free now: another gateway takes it
    }

    @Test
    void aNameIsFreeAgainOnceItsGatewayIsGone() {
        String name = host("freed");
        String id = createdId(ACME_ADMIN, naming(name));
        assertTaken(create(GLOBEX_ADMIN, naming(name)), DNS + "[0]", id);
        delete(ACME_ADMIN, id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(ACME_ADMIN, id).statusCode() == 404);
        create(GLOBEX_ADMIN, naming(name)).then().statusCode(200).body("gateway.spec." + DNS, contains(name));
        // the refusal is in the refused organization's audit trail
        as(GLOBEX_ADMIN).get("/v1alpha1/inference/auditEvents").then().statusCode(200)
                .body("items.findAll { it.outcome.httpStatus == 409 }.action", hasItem("gateways.create"));
    }
}
