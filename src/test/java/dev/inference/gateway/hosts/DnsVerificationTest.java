package dev.inference.gateway.hosts;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inference.gateway.rollout.FaultInjectingZoneDriver;
import dev.inference.gateway.rollout.drivers.SimulatedZoneDriver;
import dev.inference.gateway.service.hosts.HostVerifier;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The optional TXT ownership check: with {@code gateway.dns.verification=txt} a claimed name is programmed only once
 * {@code _inference-verification.<name>} holds the organization's token; until then the endpoints omit it and the
 * {@code HostNamesVerified} condition says why.
 */
@QuarkusTest
@TestProfile(DnsVerificationProfile.class)
@Slow
class DnsVerificationTest {
    static final String GLOBEX_ADMIN = "test-globex-admin";
    static final String VIEWER = "test-acme-viewer";
    /** Three recheck intervals and then some: long enough for a wrong record to have been looked at. */
    static final Duration LOOKED_AT = DnsVerificationProfile.RECHECK.multipliedBy(5);

    @Inject
    SimulatedZoneDriver driver;

    @Inject
    HostVerifier verifier;

    /** The zones of the tests' gateways. */
    static final List<String> USED = List.of("US-EAST-04A", "US-WEST-09B");

    static Map<String, Object> naming(String... hosts) {
        return with(spec("endpointConfiguration", Map.of("additionalDns", List.of(hosts))), "zones", USED);
    }

    static JsonPath verification(String token) {
        return as(token).get("/v1alpha1/inference/domainVerification").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath ready(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "STATUS_READY".equals(
                get(ACME_ADMIN, id).path("gateway.status.status")));
        return get(ACME_ADMIN, id).jsonPath();
    }

    static Map<String, Object> hostCondition(JsonPath gateway) {
        List<Map<String, Object>> found = gateway.getList(
                "gateway.status.conditions.findAll { it.type == 'HostNamesVerified' }");
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    void assertPending(String id, String name) {
        JsonPath gateway = ready(id);
        assertThat(gateway.getList("gateway.status.endpoints", String.class)).isNotEmpty()
                .doesNotContain("https://" + name);
        Map<String, Object> condition = hostCondition(gateway);
        assertThat(condition).containsEntry("status", "False").containsEntry("reason", "PendingVerification");
        assertThat((String) condition.get("message")).contains(name).contains("_inference-verification." + name);
        for (String zone : USED) {
            assertThat(driver.programmedNames(UUID.fromString(id), zone)).as(zone).doesNotContain(name);
        }
        assertThat(state(ACME_ADMIN, name)).isEqualTo("PENDING");
    }

    static String state(String token, String name) {
        return verification(token).getString("hostNames.find { it.name == '" + name + "' }.state");
    }

    @Test
    void aNameIsProgrammedOnceItsTxtRecordHoldsTheOrganizationsToken() {
        String name = host("verify");
        String other = host("other");
        String id = createdId(ACME_ADMIN, naming(name, other));
        assertPending(id, name);

        JsonPath mine = verification(VIEWER); // viewers may read it
        assertThat(mine.getString("recordPrefix")).isEqualTo("_inference-verification");
        assertThat(mine.getBoolean("verificationEnabled")).isTrue();
        String token = mine.getString("token");
        assertThat(token).isNotBlank().isEqualTo(verification(ACME_ADMIN).getString("token")); // made once
        assertThat(mine.getString("hostNames.find { it.name == '" + name + "' }.recordName"))
                .isEqualTo("_inference-verification." + name);

        DnsVerificationProfile.dns.txt("_inference-verification." + name, "unrelated", token);
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonPath gateway = get(ACME_ADMIN, id).jsonPath();
            statuses.add(gateway.getString("gateway.status.status"));
            assertThat(gateway.getString("gateway.status.status")).isEqualTo("STATUS_READY");
            assertThat(gateway.getList("gateway.status.endpoints", String.class)).contains("https://" + name)
                    .doesNotContain("https://" + other);
            for (String zone : USED) {
                assertThat(driver.programmedNames(UUID.fromString(id), zone)).as(zone).contains(name)
                        .doesNotContain(other);
            }
        });
        assertThat(state(ACME_ADMIN, name)).isEqualTo("VERIFIED");
        assertThat(statuses).as("applied again, a created gateway is updating, never creating")
                .doesNotContain("STATUS_CREATING");
        assertThat(state(ACME_ADMIN, other)).isEqualTo("PENDING");
        assertThat(hostCondition(get(ACME_ADMIN, id).jsonPath())).containsEntry("status", "False");
        assertThat(get(ACME_ADMIN, id).jsonPath().getInt("gateway.status.generation")).as("no new generation")
                .isEqualTo(1);

        // the second name too: the condition turns True
        DnsVerificationProfile.dns.txt("_inference-verification." + other, token);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath gateway = get(ACME_ADMIN, id).jsonPath();
            assertThat(gateway.getList("gateway.status.endpoints", String.class)).contains("https://" + name,
                    "https://" + other);
            assertThat(hostCondition(gateway)).containsEntry("status", "True").containsEntry("reason", "Verified");
        });

        // audited, by the verifier, on the gateway
        List<String> actions = as(ACME_ADMIN).queryParam("gatewayId", id).get("/v1alpha1/inference/auditEvents")
                .then().statusCode(200).extract().jsonPath().getList("items.action", String.class);
        assertThat(actions).filteredOn("hostNames.verify"::equals).hasSize(2);
    }

    @Test
    void aWrongTokenOrAnotherOrganizationsTokenLeavesTheNamePending() throws Exception {
        String wrong = host("wrong");
        String foreign = host("foreign");
        String id = createdId(ACME_ADMIN, naming(wrong, foreign));
        String acme = verification(ACME_ADMIN).getString("token");
        String globex = verification(GLOBEX_ADMIN).getString("token");
        assertThat(globex).isNotEqualTo(acme);
        assertThat(verification(GLOBEX_ADMIN).getList("hostNames.name")).doesNotContain(wrong, foreign);

        DnsVerificationProfile.dns.txt("_inference-verification." + wrong, acme + "x");
        DnsVerificationProfile.dns.txt("_inference-verification." + foreign, globex);
        Thread.sleep(LOOKED_AT.toMillis());
        assertPending(id, wrong);
        assertPending(id, foreign);

        // the gateway is deleted: its pending names are free again once it is gone
        delete(ACME_ADMIN, id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(ACME_ADMIN, id).statusCode() == 404);
        assertThat(verification(ACME_ADMIN).getList("hostNames.name")).doesNotContain(wrong, foreign);
        createdId(GLOBEX_ADMIN, naming(foreign));
    }

    @Test
    void verifiersRacingLikeTwoReplicasVerifyANameOnce() throws Exception {
        String name = host("race");
        String id = createdId(ACME_ADMIN, naming(name));
        assertPending(id, name);
        DnsVerificationProfile.dns.txt("_inference-verification." + name, verification(ACME_ADMIN).getString("token"));
        // passes of "other replicas" at once, beside the periodic one
        List<java.util.concurrent.CompletableFuture<Integer>> passes = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            passes.add(verifier.pass().subscribeAsCompletionStage());
        }
        for (var pass : passes) {
            pass.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath gateway = get(ACME_ADMIN, id).jsonPath();
            assertThat(gateway.getString("gateway.status.status")).isEqualTo("STATUS_READY");
            assertThat(gateway.getList("gateway.status.endpoints", String.class)).contains("https://" + name);
        });
        Thread.sleep(LOOKED_AT.toMillis());
        List<String> actions = as(ACME_ADMIN).queryParam("gatewayId", id).get("/v1alpha1/inference/auditEvents")
                .then().statusCode(200).extract().jsonPath().getList("items.action", String.class);
        assertThat(actions).filteredOn("hostNames.verify"::equals).hasSize(1);
        FaultInjectingZoneDriver faults = (FaultInjectingZoneDriver) driver;
        for (String zone : USED) {
            assertThat(faults.applyCount(UUID.fromString(id), zone, 2)).as(zone + ": applied again once").isEqualTo(1);
            assertThat(faults.applyCount(UUID.fromString(id), zone, 3)).as(zone + ": and only once").isZero();
        }
        assertThat(get(ACME_ADMIN, id).jsonPath().getInt("gateway.status.generation")).isEqualTo(1);
    }
}
