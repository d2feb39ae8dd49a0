package dev.inference.gateway.rollout.kubernetes;

import static dev.inference.gateway.rollout.kubernetes.TestZones.NAMESPACE;
import static dev.inference.gateway.rollout.kubernetes.TestZones.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.inference.gateway.domain.ApiType;
import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import dev.inference.gateway.rollout.ZoneDriverException;
import dev.inference.gateway.rollout.ZoneObservation;
import dev.inference.gateway.rollout.ZoneTarget;
import dev.inference.gateway.support.LogCapture;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes zone driver against two zones, each a fabric8 mock API server in CRUD mode with a fake Envoy
 * Gateway controller that programs Gateways and accepts routes and policies after a short delay.
 */
class KubernetesZoneDriverTest {
    static final String ZONE_A = "US-EAST-04A";
    static final String ZONE_B = "US-WEST-09B";
    static final String API_KEY = "wandb-key-7c1e9f0b2d4a";
    /**
     * How long a zone may take to converge, and one apply or teardown to answer. The mock API servers answer on
     * localhost in milliseconds and their fake controller programs a Gateway 100 ms after it appears or changes
     * (checked every 50 ms); the tests poll every 50 ms. A zone converges in 0.2-0.3 s; each test took at most
     * 1.5 s in all on a shared 2-core machine. 15 s is a margin of 10x over a whole test, and above the driver's own
     * budget for one apply (10 s, below) plus one request timeout (3 s, TestZones), so an apply that hangs fails with
     * the driver's error, not the test's.
     */
    static final Duration WAIT = Duration.ofSeconds(15);

    static Vertx vertx;
    static MockZone zoneA;
    static MockZone zoneB;
    static KubernetesZoneDriver driver;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        zoneA = MockZone.start(ZONE_A, Duration.ofMillis(100), "10.1.0.");
        zoneB = MockZone.start(ZONE_B, Duration.ofMillis(100), "10.2.0.");
        driver = newDriver();
    }

    static KubernetesZoneDriver newDriver() {
        var config = TestZones.kubernetes(TestZones.properties(List.of(zoneA, zoneB)));
        var clusters = new ZoneClusterFactory(config, new VertxHttpClientFactory(vertx), Map.of())
                .create(List.of(ZONE_A, ZONE_B));
        return new KubernetesZoneDriver(clusters, config, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        driver.close();
        zoneA.close();
        zoneB.close();
        vertx.close();
    }

    static GatewaySpec wandbHeaderSpec(List<String> dns, List<String> ranges) {
        return new GatewaySpec("llama", List.of(ZONE_A, ZONE_B), null,
                new WeightsAndBiasesAuth(API_KEY, "https://api.wandb.ai", true, false), null,
                new HeaderBasedRouting("X-Model"), null, new EndpointConfiguration(dns, ranges));
    }

    static ZoneObservation apply(ZoneTarget target) {
        return driver.apply(target).await().atMost(WAIT);
    }

    static ZoneObservation awaitConverged(ZoneTarget target) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> apply(target),
                ZoneObservation::converged);
    }

    static GenericKubernetesResource object(MockZone zone, ManagedKind kind, UUID id) {
        return zone.client().genericKubernetesResources(kind.context()).inNamespace(NAMESPACE)
                .withName(ObjectNames.of(kind, id)).get();
    }

    static List<GenericKubernetesResource> objectsOf(MockZone zone, UUID id) {
        List<GenericKubernetesResource> all = new ArrayList<>();
        for (ManagedKind kind : ManagedKind.values()) {
            all.addAll(zone.client().genericKubernetesResources(kind.context()).inNamespace(NAMESPACE)
                    .withLabel(Labels.GATEWAY_ID, id.toString()).list().getItems());
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static <T> T at(GenericKubernetesResource object, String... path) {
        Object current = object.getAdditionalProperties();
        for (String key : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @Test
    void createWritesTheObjectsInBothZonesAndConvergesWithTheEndpointsTheZonesReport() {
        UUID id = UUID.randomUUID();
        GatewaySpec spec = wandbHeaderSpec(List.of("llama.example.org"), List.of("10.0.0.0/8", "192.168.0.0/16"));
        for (MockZone zone : List.of(zoneA, zoneB)) {
            ZoneTarget target = target(id, zone.zone(), 1, spec);
            ZoneObservation first = apply(target);
            assertThat(first.converged()).as("the controller has not programmed the Gateway yet").isFalse();
            assertThat(first.reason()).isEqualTo("Pending");

            ZoneObservation converged = awaitConverged(target);
            assertThat(converged.endpoints()).containsExactly("https://" + target.hostname());

            GenericKubernetesResource gateway = object(zone, ManagedKind.GATEWAY, id);
            assertThat(gateway.getMetadata().getLabels()).containsEntry(Labels.GATEWAY_ID, id.toString())
                    .containsEntry(Labels.ORGANIZATION_ID, "acme").containsEntry(Labels.ZONE, zone.zone());
            assertThat(gateway.getMetadata().getAnnotations()).containsEntry(Labels.GENERATION, "1");
            assertThat(this.<String>at(gateway, "spec", "gatewayClassName")).isEqualTo("eg");
            List<Map<String, Object>> listeners = at(gateway, "spec", "listeners");
            assertThat(listeners).extracting(l -> l.get("hostname"))
                    .containsExactly(target.hostname(), "llama.example.org");
            assertThat(listeners).allSatisfy(l -> {
                assertThat(l).containsEntry("port", 443).containsEntry("protocol", "HTTPS");
                assertThat(l.toString()).contains("mode=Terminate").contains("name=gw-" + id + "-tls");
            });
            assertThat(this.<List<String>>at(gateway, "status", "addresses")).isNotEmpty();

            GenericKubernetesResource route = object(zone, ManagedKind.HTTP_ROUTE, id);
            assertThat(this.<String>at(route, "spec", "rules", "0", "matches", "0", "headers", "0", "name"))
                    .isEqualTo("X-Model");
            assertThat(this.<String>at(route, "spec", "parentRefs", "0", "name")).isEqualTo("gw-" + id);
            assertThat(object(zone, ManagedKind.AI_GATEWAY_ROUTE, id)).isNull();

            GenericKubernetesResource policy = object(zone, ManagedKind.SECURITY_POLICY, id);
            assertThat(this.<String>at(policy, "spec", "extAuth", "grpc", "backendRefs", "0", "name"))
                    .isEqualTo("wandb-authz");
            assertThat(this.<String>at(policy, "spec", "authorization", "defaultAction")).isEqualTo("Deny");
            assertThat(this.<List<String>>at(policy, "spec", "authorization", "rules", "0", "principal",
                    "clientCIDRs")).containsExactly("10.0.0.0/8", "192.168.0.0/16");
            assertThat(policy.getMetadata().getAnnotations())
                    .containsEntry(Labels.WANDB_CREDENTIALS_SECRET, "gw-" + id + "-wandb");

            GenericKubernetesResource secret = object(zone, ManagedKind.SECRET, id);
            assertThat(this.<Map<String, String>>at(secret, "data")).containsEntry("api-key",
                    Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8)));

            String base64Key = Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8));
            List<GenericKubernetesResource> all = objectsOf(zone, id);
            assertThat(all).extracting(GenericKubernetesResource::getKind).containsExactlyInAnyOrder("Gateway",
                    "EnvoyProxy", "Secret", "SecurityPolicy", "ClientTrafficPolicy", "HTTPRoute");
            for (GenericKubernetesResource other : all) {
                if (!"Secret".equals(other.getKind())) {
                    String json = MockZone.JSON.asJson(other);
                    assertThat(json).as(other.getKind()).doesNotContain(API_KEY).doesNotContain(base64Key);
                }
                if (!"Gateway".equals(other.getKind())) {
                    assertThat(other.getMetadata().getOwnerReferences()).as(other.getKind() + " owner")
                            .singleElement().satisfies(o -> {
                                assertThat(o.getKind()).isEqualTo("Gateway");
                                assertThat(o.getUid()).isEqualTo(gateway.getMetadata().getUid());
                            });
                }
            }
        }
    }

    @Test
    void aChangedSpecUpdatesTheObjectsInPlaceAndBumpsTheirGeneration() {
        UUID id = UUID.randomUUID();
        awaitConverged(target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of())));
        String gatewayUid = object(zoneA, ManagedKind.GATEWAY, id).getMetadata().getUid();
        String routeUid = object(zoneA, ManagedKind.HTTP_ROUTE, id).getMetadata().getUid();
        String policyUid = object(zoneA, ManagedKind.SECURITY_POLICY, id).getMetadata().getUid();

        // Generation 2: path routing instead of header routing, one more DNS name.
        GatewaySpec pathSpec = new GatewaySpec("llama", List.of(ZONE_A), null,
                new WeightsAndBiasesAuth(API_KEY, null, false, false), null, null, new PathBasedRouting(),
                new EndpointConfiguration(List.of("chat.example.org"), List.of()));
        awaitConverged(target(id, ZONE_A, 2, pathSpec));
        GenericKubernetesResource gateway = object(zoneA, ManagedKind.GATEWAY, id);
        GenericKubernetesResource route = object(zoneA, ManagedKind.HTTP_ROUTE, id);
        assertThat(gateway.getMetadata().getUid()).isEqualTo(gatewayUid);
        assertThat(gateway.getMetadata().getAnnotations()).containsEntry(Labels.GENERATION, "2");
        assertThat(this.<List<Map<String, Object>>>at(gateway, "spec", "listeners")).extracting(l -> l.get("hostname"))
                .contains("chat.example.org");
        assertThat(route.getMetadata().getUid()).as("the same HTTPRoute, updated").isEqualTo(routeUid);
        assertThat(route.getMetadata().getAnnotations()).containsEntry(Labels.GENERATION, "2")
                .containsEntry(Labels.ROUTING, "path").doesNotContainKey(Labels.ROUTING_HEADER);
        assertThat(this.<String>at(route, "spec", "rules", "0", "matches", "0", "path", "type")).isEqualTo("PathPrefix");
        assertThat(object(zoneA, ManagedKind.SECURITY_POLICY, id).getMetadata().getUid()).isEqualTo(policyUid);

        // Generation 3: body routing (an AIGatewayRoute replaces the HTTPRoute), CoreWeave auth (no Secret), DIRECT.
        GatewaySpec bodySpec = new GatewaySpec("llama", List.of(ZONE_A), new CoreWeaveAuth(), null,
                new BodyBasedRouting(ApiType.API_TYPE_OPENAI), null, null, new EndpointConfiguration(List.of(),
                        List.of(), dev.inference.gateway.domain.EdgeProxyMode.EDGE_PROXY_MODE_DIRECT));
        awaitConverged(target(id, ZONE_A, 3, bodySpec));
        assertThat(object(zoneA, ManagedKind.GATEWAY, id).getMetadata().getUid()).isEqualTo(gatewayUid);
        assertThat(object(zoneA, ManagedKind.HTTP_ROUTE, id)).as("pruned").isNull();
        assertThat(object(zoneA, ManagedKind.SECRET, id)).as("no W&B key any more").isNull();
        assertThat(object(zoneA, ManagedKind.CLIENT_TRAFFIC_POLICY, id)).as("DIRECT needs no XFF").isNull();
        GenericKubernetesResource aiRoute = object(zoneA, ManagedKind.AI_GATEWAY_ROUTE, id);
        assertThat(this.<String>at(aiRoute, "spec", "schema", "name")).isEqualTo("OpenAI");
        GenericKubernetesResource policy = object(zoneA, ManagedKind.SECURITY_POLICY, id);
        assertThat(policy.getMetadata().getUid()).isEqualTo(policyUid);
        assertThat(policy.getMetadata().getAnnotations()).containsEntry(Labels.AUTH, "coreweave")
                .doesNotContainKey(Labels.WANDB_CREDENTIALS_SECRET);
        assertThat(this.<String>at(object(zoneA, ManagedKind.ENVOY_PROXY, id), "spec", "provider", "kubernetes",
                "envoyService", "type")).isEqualTo("LoadBalancer");
    }

    @Test
    void anObjectTheServerRejectsAsInvalidFailsTheZoneForGoodWithTheServersMessage() {
        UUID id = UUID.randomUUID();
        zoneA.server().expect().post()
                .withPath("/apis/gateway.envoyproxy.io/v1alpha1/namespaces/" + NAMESPACE + "/securitypolicies")
                .andReturn(422, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", 422,
                        "reason", "Invalid",
                        "message", "SecurityPolicy.gateway.envoyproxy.io \"gw-" + id + "-auth\" is invalid: "
                                + "spec.authorization.rules[0].principal.clientCIDRs[0]: Invalid value: \"10.0.0.0/33\""))
                .once();
        assertThatThrownBy(() -> apply(target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of("10.0.0.0/8")))))
                .isInstanceOfSatisfying(ZoneDriverException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("zone US-EAST-04A rejected SecurityPolicy gw-" + id + "-auth")
                            .contains("clientCIDRs[0]: Invalid value: \"10.0.0.0/33\"");
                });
    }

    @Test
    void aServerMessageThatQuotesTheKeyIsRedacted() {
        UUID id = UUID.randomUUID();
        zoneA.server().expect().post().withPath("/api/v1/namespaces/" + NAMESPACE + "/secrets")
                .andReturn(422, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", 422,
                        "message", "Secret is invalid: data[api-key]: Invalid value: \"" + API_KEY + "\" / "
                                + Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8))))
                .once();
        assertThatThrownBy(() -> apply(target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of()))))
                .isInstanceOfSatisfying(ZoneDriverException.class, e -> assertThat(e.getMessage())
                        .contains("<redacted>").doesNotContain(API_KEY)
                        .doesNotContain(Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aForbiddenCallIsRetryableAndNamesTheMissingPermission() {
        UUID id = UUID.randomUUID();
        zoneA.server().expect().get()
                .withPath("/apis/gateway.networking.k8s.io/v1/namespaces/" + NAMESPACE + "/gateways/gw-" + id)
                .andReturn(403, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", 403,
                        "reason", "Forbidden", "message", "gateways.gateway.networking.k8s.io \"gw-" + id
                                + "\" is forbidden: User \"system:serviceaccount:x:y\" cannot get resource"))
                .once();
        assertThatThrownBy(() -> apply(target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of()))))
                .isInstanceOfSatisfying(ZoneDriverException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("does not permit get on gateways.gateway.networking.k8s.io "
                            + "in namespace " + NAMESPACE).contains("403");
                });
        awaitConverged(target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of())));
    }

    @Test
    void aZoneWhoseServerIsDownFailsRetryablyWhileTheOtherConvergesThenRecovers() {
        UUID id = UUID.randomUUID();
        GatewaySpec spec = wandbHeaderSpec(List.of(), List.of());
        zoneB.stop();
        try {
            assertThatThrownBy(() -> apply(target(id, ZONE_B, 1, spec)))
                    .isInstanceOfSatisfying(ZoneDriverException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("zone US-WEST-09B: cannot reach the API server "
                                + zoneB.url());
                    });
            assertThat(awaitConverged(target(id, ZONE_A, 1, spec)).converged()).isTrue();
        } finally {
            zoneB.restart();
        }
        assertThat(awaitConverged(target(id, ZONE_B, 1, spec)).endpoints())
                .containsExactly("https://" + target(id, ZONE_B, 1, spec).hostname());
    }

    @Test
    void aServerErrorIsRetryable() {
        UUID id = UUID.randomUUID();
        zoneA.writes().setDown(true);
        try {
            assertThatThrownBy(() -> apply(target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of()))))
                    .isInstanceOfSatisfying(ZoneDriverException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("answered 503").contains("the zone is down");
                    });
        } finally {
            zoneA.writes().setDown(false);
        }
    }

    @Test
    void programmedFalseIsPendingWithTheClustersReasonAndMessage() {
        UUID id = UUID.randomUUID();
        zoneA.controller().fail("gw-" + id, "AddressNotAssigned", "No addresses have been assigned to the Gateway");
        ZoneTarget target = target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of()));
        ZoneObservation pending = await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> apply(target),
                o -> "AddressNotAssigned".equals(o.reason()));
        assertThat(pending.converged()).isFalse();
        assertThat(pending.message()).isEqualTo("No addresses have been assigned to the Gateway");
        zoneA.controller().heal("gw-" + id);
        awaitConverged(target);
    }

    @Test
    void anAuthServiceSetToNoneWarnsAtStartAndTheNextGenerationRemovesTheKeyAndThePolicy() {
        UUID id = UUID.randomUUID();
        GatewaySpec spec = wandbHeaderSpec(List.of(), List.of());
        awaitConverged(target(id, ZONE_A, 1, spec));
        assertThat(objectsOf(zoneA, id)).extracting(GenericKubernetesResource::getKind).contains("Secret",
                "SecurityPolicy");

        Map<String, String> properties = new LinkedHashMap<>(TestZones.properties(List.of(zoneA)));
        properties.put("rollout.kubernetes.wandb-auth-service", "none");
        var config = TestZones.kubernetes(properties);
        KubernetesZoneDriver unauthenticated;
        List<String> warnings;
        try (LogCapture log = new LogCapture()) {
            unauthenticated = new KubernetesZoneDriver(new ZoneClusterFactory(config, new VertxHttpClientFactory(vertx),
                    Map.of()).create(List.of(ZONE_A)), config, Duration.ofSeconds(10));
            warnings = log.lines(Level.WARNING);
        }
        try {
            assertThat(warnings).filteredOn(l -> l.contains("auth-service=none")).singleElement().asString()
                    .contains("rollout.kubernetes.wandb-auth-service=none")
                    .contains("answer callers without credentials");
            ZoneTarget next = target(id, ZONE_A, 2, spec);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> unauthenticated.apply(next).await().atMost(WAIT).converged());
            List<GenericKubernetesResource> all = objectsOf(zoneA, id);
            assertThat(all).extracting(GenericKubernetesResource::getKind).containsExactlyInAnyOrder("Gateway",
                    "EnvoyProxy", "ClientTrafficPolicy", "HTTPRoute");
            assertThat(object(zoneA, ManagedKind.GATEWAY, id).getMetadata().getAnnotations())
                    .containsEntry(Labels.AUTH, "none").containsEntry(Labels.GENERATION, "2");
            String base64Key = Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8));
            assertThat(all).allSatisfy(o -> assertThat(MockZone.JSON.asJson(o)).doesNotContain(API_KEY)
                    .doesNotContain(base64Key));
            assertThat(unauthenticated.teardown(id, ZONE_A).await().atMost(WAIT)).isTrue();
        } finally {
            unauthenticated.close();
        }
    }

    @Test
    void teardownDeletesEveryObjectInTheZone() {
        UUID id = UUID.randomUUID();
        GatewaySpec spec = wandbHeaderSpec(List.of("a.example.org"), List.of("10.0.0.0/8"));
        for (MockZone zone : List.of(zoneA, zoneB)) {
            awaitConverged(target(id, zone.zone(), 1, spec));
            assertThat(objectsOf(zone, id)).hasSize(6);
        }
        for (MockZone zone : List.of(zoneA, zoneB)) {
            assertThat(driver.teardown(id, zone.zone()).await().atMost(WAIT)).isTrue();
            assertThat(objectsOf(zone, id)).isEmpty();
            assertThat(driver.teardown(id, zone.zone()).await().atMost(WAIT)).as("idempotent").isTrue();
        }
    }

    @Test
    void anApplyOfAnOlderGenerationNeverOverwritesANewerOne() {
        UUID id = UUID.randomUUID();
        GatewaySpec newer = wandbHeaderSpec(List.of("new.example.org"), List.of());
        GatewaySpec older = new GatewaySpec("llama", List.of(ZONE_A), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), null);
        awaitConverged(target(id, ZONE_A, 3, newer));
        zoneA.writes().clear();

        ZoneObservation stale = apply(target(id, ZONE_A, 2, older));
        assertThat(stale.converged()).isFalse();
        assertThat(stale.reason()).isEqualTo("Superseded");
        assertThat(zoneA.writes().writes()).as("nothing written for generation 2").isEmpty();
        for (GenericKubernetesResource object : objectsOf(zoneA, id)) {
            assertThat(object.getMetadata().getAnnotations()).as(object.getKind()).containsEntry(Labels.GENERATION,
                    "3");
        }
        assertThat(object(zoneA, ManagedKind.SECRET, id)).as("not pruned by the older spec").isNotNull();

        // Repeating the newer generation is a no-op: nothing is written again.
        awaitConverged(target(id, ZONE_A, 3, newer));
        assertThat(zoneA.writes().writes()).isEmpty();
    }

    @Test
    void anOlderApplyThatFindsOnlyPartOfTheNewerGenerationStopsAtTheFirstNewerObject() {
        UUID id = UUID.randomUUID();
        GatewaySpec spec = wandbHeaderSpec(List.of(), List.of());
        awaitConverged(target(id, ZONE_A, 1, spec));
        // Another writer has moved the route to generation 5 (and nothing else yet).
        GenericKubernetesResource route = object(zoneA, ManagedKind.HTTP_ROUTE, id);
        route.getMetadata().getAnnotations().put(Labels.GENERATION, "5");
        zoneA.client().genericKubernetesResources(ManagedKind.HTTP_ROUTE.context()).inNamespace(NAMESPACE)
                .resource(route).update();
        zoneA.writes().clear();

        ZoneObservation observation = apply(target(id, ZONE_A, 2, spec));
        assertThat(observation.reason()).isEqualTo("Superseded");
        assertThat(object(zoneA, ManagedKind.HTTP_ROUTE, id).getMetadata().getAnnotations())
                .containsEntry(Labels.GENERATION, "5");
        assertThat(zoneA.writes().writes()).as("every write of generation 2 came before the route")
                .allSatisfy(w -> assertThat(w.kind()).isNotEqualTo("HTTPRoute"));
    }

    @Test
    void theApiKeyNeverReachesALogLineEvenWithTheClientsWireLoggingOn() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String logger = String.valueOf(record.getLoggerName());
                if (logger.startsWith("io.fabric8.kubernetes.client.server.mock")
                        || logger.startsWith("io.fabric8.mockwebserver")) {
                    return; // the test's API server, not the service
                }
                lines.add(record.getLoggerName() + " " + record.getMessage() + " " + java.util.Arrays.toString(
                        record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Logger ours = java.util.logging.Logger.getLogger("dev.inference");
        java.util.logging.Logger fabric8 = java.util.logging.Logger.getLogger("io.fabric8");
        Level oursBefore = ours.getLevel();
        Level fabric8Before = fabric8.getLevel();
        root.addHandler(capture);
        ours.setLevel(Level.ALL);
        fabric8.setLevel(Level.ALL); // HttpLoggingInterceptor would log every body at TRACE
        KubernetesZoneDriver traced = newDriver();
        try {
            UUID id = UUID.randomUUID();
            ZoneTarget target = target(id, ZONE_A, 1, wandbHeaderSpec(List.of(), List.of()));
            await().atMost(WAIT).until(() -> traced.apply(target).await().atMost(WAIT).converged());
            traced.teardown(id, ZONE_A).await().atMost(WAIT);
        } finally {
            traced.close();
            root.removeHandler(capture);
            ours.setLevel(oursBefore);
            fabric8.setLevel(fabric8Before);
        }
        assertThat(lines).as("log lines were captured").anyMatch(l -> l.contains("applied"));
        String base64Key = Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(lines).noneMatch(l -> l.contains(API_KEY) || l.contains(base64Key));
    }
}
