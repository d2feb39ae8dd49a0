package dev.inference.gateway.rollout.kubernetes;

import static dev.inference.gateway.api.Fixtures.ACME_ADMIN;
import static dev.inference.gateway.api.Fixtures.BASE;
import static dev.inference.gateway.api.Fixtures.as;
import static dev.inference.gateway.api.Fixtures.create;
import static dev.inference.gateway.rollout.kubernetes.KubernetesZonesResource.ZONE_A;
import static dev.inference.gateway.rollout.kubernetes.KubernetesZonesResource.ZONE_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.persistence.ZoneClaims;
import dev.inference.gateway.rollout.ZoneReconciler;
import dev.inference.gateway.support.SecondWorker;
import dev.inference.gateway.support.Slow;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The service with {@code rollout.driver=kubernetes} end to end: the API, the rollout workers, PostgreSQL, and two
 * zones that are mock API servers with a fake Envoy Gateway controller.
 */
@QuarkusTest
@TestProfile(KubernetesDriverProfile.class)
@Slow
class KubernetesRolloutTest {
    /**
     * How long one gateway may take to be READY at a generation. The zones are mock API servers on localhost that
     * answer in milliseconds, and their fake controller programs a Gateway 50 ms after it appears or changes
     * (KubernetesZonesResource, checked every 50 ms); a zone that is not programmed yet is looked at again after
     * 50 ms (test profile: rollout.pending-interval). A rollout takes well under a second: the two tests, creates,
     * updates and deletes included, took 5.6 s and 7.2 s in all on a shared 2-core machine. 30 s is a margin of 30x
     * and more.
     */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String API_KEY = "wandb-key-in-the-service-0f3b";

    @Inject
    ZoneClaims claims;

    @Inject
    ZoneReconciler reconciler;

    @Inject
    RolloutConfig config;

    static JsonPath get(String id) {
        return as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitReady(String id, long generation) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> get(id),
                g -> "STATUS_READY".equals(g.getString("gateway.status.status"))
                        && g.getLong("gateway.status.generation") == generation);
    }

    static List<GenericKubernetesResource> objects(String zone, String id) {
        List<GenericKubernetesResource> all = new ArrayList<>();
        for (ManagedKind kind : ManagedKind.values()) {
            all.addAll(KubernetesZonesResource.zone(zone).client().genericKubernetesResources(kind.context())
                    .inNamespace(TestZones.NAMESPACE).withLabel(Labels.GATEWAY_ID, id).list().getItems());
        }
        return all;
    }

    static GenericKubernetesResource object(String zone, ManagedKind kind, String id) {
        return KubernetesZonesResource.zone(zone).client().genericKubernetesResources(kind.context())
                .inNamespace(TestZones.NAMESPACE).withName(ObjectNames.of(kind, UUID.fromString(id))).get();
    }

    static String host(String id, String zone) {
        return id + "." + zone.toLowerCase() + ".inference.example.com";
    }

    @Test
    void createPatchAndDeleteProgramTheZones() {
        String id = create(ACME_ADMIN, """
                {"name": "k8s-llama", "zones": ["US-EAST-04A", "US-WEST-09B"],
                 "weightsAndBiasesAuth": {"apiKey": "%s", "enableUsageReports": true},
                 "headerBasedRouting": {"headerName": "X-Model"},
                 "endpointConfiguration": {"additionalDns": ["llama.example.org"],
                                           "allowedSourceIpRanges": ["10.0.0.0/8"]}}""".formatted(API_KEY))
                .then().statusCode(200).extract().path("gateway.spec.id");

        JsonPath ready = awaitReady(id, 1);
        assertThat(ready.getList("gateway.status.endpoints")).containsExactly("https://" + host(id, ZONE_A),
                "https://" + host(id, ZONE_B), "https://llama.example.org");
        assertThat(ready.getList("gateway.status.conditions.reason")).containsOnly("Converged");
        String base64Key = Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8));
        for (String zone : List.of(ZONE_A, ZONE_B)) {
            List<GenericKubernetesResource> objects = objects(zone, id);
            assertThat(objects).extracting(GenericKubernetesResource::getKind).containsExactlyInAnyOrder("Gateway",
                    "EnvoyProxy", "Secret", "SecurityPolicy", "ClientTrafficPolicy", "HTTPRoute");
            for (GenericKubernetesResource object : objects) {
                assertThat(object.getMetadata().getAnnotations()).containsEntry(Labels.GENERATION, "1");
                String json = MockZone.JSON.asJson(object);
                if ("Secret".equals(object.getKind())) {
                    assertThat(json).contains(base64Key);
                } else {
                    assertThat(json).as(object.getKind()).doesNotContain(API_KEY).doesNotContain(base64Key);
                }
            }
        }
        String gatewayUid = object(ZONE_A, ManagedKind.GATEWAY, id).getMetadata().getUid();
        String routeUid = object(ZONE_A, ManagedKind.HTTP_ROUTE, id).getMetadata().getUid();

        // Routing switched, a DNS name added, a zone removed.
        as(ACME_ADMIN).body("""
                {"name": "k8s-llama", "zones": ["US-EAST-04A"],
                 "weightsAndBiasesAuth": {"enableUsageReports": true},
                 "pathBasedRouting": {},
                 "endpointConfiguration": {"additionalDns": ["llama.example.org", "chat.example.org"],
                                           "allowedSourceIpRanges": ["10.0.0.0/8"]}}""")
                .patch(BASE + "/" + id).then().statusCode(200);
        JsonPath updated = awaitReady(id, 2);
        assertThat(updated.getList("gateway.status.endpoints")).containsExactly("https://" + host(id, ZONE_A),
                "https://llama.example.org", "https://chat.example.org");
        GenericKubernetesResource gateway = object(ZONE_A, ManagedKind.GATEWAY, id);
        GenericKubernetesResource route = object(ZONE_A, ManagedKind.HTTP_ROUTE, id);
        assertThat(gateway.getMetadata().getUid()).isEqualTo(gatewayUid);
        assertThat(route.getMetadata().getUid()).isEqualTo(routeUid);
        assertThat(route.getMetadata().getAnnotations()).containsEntry(Labels.GENERATION, "2")
                .containsEntry(Labels.ROUTING, "path");
        assertThat(MockZone.JSON.asJson(gateway)).contains("\"hostname\":\"chat.example.org\"");
        assertThat(object(ZONE_A, ManagedKind.SECRET, id).getMetadata().getAnnotations())
                .as("the stored key is still applied").containsEntry(Labels.GENERATION, "2");
        assertThat(objects(ZONE_B, id)).as("the removed zone is emptied").isEmpty();

        as(ACME_ADMIN).delete(BASE + "/" + id).then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> as(ACME_ADMIN).get(BASE + "/" + id).then().statusCode(404));
        assertThat(objects(ZONE_A, id)).isEmpty();
        assertThat(objects(ZONE_B, id)).isEmpty();
    }

    @Test
    void twoInstancesOnOneDatabaseApplyEachObjectForTheFinalGenerationAndNeverGoBack() throws Exception {
        SecondWorker second = new SecondWorker("test-second-instance", claims, reconciler, config);
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                ids.add(create(ACME_ADMIN, """
                        {"name": "k8s-two-%d", "zones": [], "coreWeaveAuth": {},
                         "headerBasedRouting": {"headerName": "X-Model"}}""".formatted(i))
                        .then().statusCode(200).extract().path("gateway.spec.id"));
            }
            // Changes land while both instances claim and apply.
            for (int round = 0; round < 2; round++) {
                for (String id : ids) {
                    String routing = round == 0 ? "\"pathBasedRouting\": {}"
                            : "\"bodyBasedRouting\": {\"apiType\": \"API_TYPE_OPENAI\"}";
                    as(ACME_ADMIN).body("""
                            {"name": "k8s-two-%d", "zones": [], "coreWeaveAuth": {}, %s}"""
                            .formatted(round, routing)).patch(BASE + "/" + id).then().statusCode(200);
                }
            }
            for (String id : ids) {
                awaitReady(id, 3);
            }
        } finally {
            second.close();
        }
        assertThat(second.claimed()).as("the second instance took part").isPositive();
        for (String zone : List.of(ZONE_A, ZONE_B)) {
            Map<String, List<Long>> generationsByObject = KubernetesZonesResource.zone(zone).writes().writes()
                    .stream().collect(Collectors.groupingBy(w -> w.kind() + "/" + w.name(), LinkedHashMap::new,
                            Collectors.mapping(RecordingDispatcher.Write::generation, Collectors.toList())));
            for (String id : ids) {
                List<GenericKubernetesResource> objects = objects(zone, id);
                assertThat(objects).extracting(GenericKubernetesResource::getKind).containsExactlyInAnyOrder(
                        "Gateway", "EnvoyProxy", "SecurityPolicy", "ClientTrafficPolicy", "AIGatewayRoute");
                for (GenericKubernetesResource object : objects) {
                    List<Long> sequence = generationsByObject.get(object.getKind() + "/"
                            + object.getMetadata().getName());
                    assertThat(sequence).as(zone + " " + object.getKind() + " " + object.getMetadata().getName())
                            .isSortedAccordingTo(Long::compare).last().isEqualTo(3L);
                    assertThat(sequence.stream().filter(g -> g == 3L).count()).as("applied once for the final "
                            + "generation").isEqualTo(1);
                }
                assertThat(object(zone, ManagedKind.HTTP_ROUTE, id)).as("the HTTPRoute of generations 1-2").isNull();
            }
        }
    }
}
