package dev.inference.gateway.rollout.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays Envoy Gateway and Envoy AI Gateway against a test API server: some time after a Gateway, route or policy
 * appears or changes, it writes the status a real controller would (Gateway {@code Programmed=True} with an address
 * and listener statuses, routes and policies {@code Accepted=True}), each condition for the object's current
 * {@code metadata.generation}. A Gateway can be made to report {@code Programmed=False} with a reason instead.
 */
final class FakeGatewayController implements AutoCloseable {
    static final String CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final long TICK_MILLIS = 50;

    /** Programmed=False with this reason and message, for Gateways whose name is the key. */
    record Failure(String reason, String message) {
    }

    private final KubernetesClient client;
    private final Duration delay;
    private final String addressPrefix;
    private final ScheduledExecutorService timer;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final AtomicInteger addresses = new AtomicInteger();

    FakeGatewayController(KubernetesClient client, Duration delay, String addressPrefix) {
        this.client = client;
        this.delay = delay;
        this.addressPrefix = addressPrefix;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-gateway-controller");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void fail(String gatewayName, String reason, String message) {
        failures.put(gatewayName, new Failure(reason, message));
    }

    void heal(String gatewayName) {
        failures.remove(gatewayName);
    }

    private void tick() {
        try {
            for (ManagedKind kind : List.of(ManagedKind.GATEWAY, ManagedKind.HTTP_ROUTE, ManagedKind.AI_GATEWAY_ROUTE,
                    ManagedKind.SECURITY_POLICY, ManagedKind.CLIENT_TRAFFIC_POLICY)) {
                for (GenericKubernetesResource object : client.genericKubernetesResources(kind.context())
                        .inAnyNamespace().list().getItems()) {
                    reconcile(kind, object);
                }
            }
        } catch (RuntimeException e) {
            // the server is down or restarting: try again at the next tick
        }
    }

    private void reconcile(ManagedKind kind, GenericKubernetesResource object) {
        Long generation = object.getMetadata().getGeneration();
        String key = kind + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName() + "/"
                + object.getMetadata().getUid() + "/" + generation;
        long now = System.nanoTime();
        long seen = firstSeen.computeIfAbsent(key, k -> now);
        Failure failure = kind == ManagedKind.GATEWAY ? failures.get(object.getMetadata().getName()) : null;
        Map<String, Object> status = failure != null ? failedGateway(object, failure) : switch (kind) {
            case GATEWAY -> programmedGateway(object);
            case HTTP_ROUTE -> routeStatus(object);
            case AI_GATEWAY_ROUTE -> Map.of("conditions", List.of(condition("Accepted", "True", "Accepted",
                    "AI Gateway Route reconciled successfully", generation)));
            default -> policyStatus(object);
        };
        if (JSON.asJson(status).equals(JSON.asJson(object.getAdditionalProperties().get("status")))
                || now - seen < delay.toNanos()) {
            return;
        }
        GenericKubernetesResource copy = JSON.clone(object);
        copy.setAdditionalProperty("status", status);
        try {
            client.genericKubernetesResources(kind.context()).inNamespace(object.getMetadata().getNamespace())
                    .resource(copy).updateStatus();
        } catch (RuntimeException e) {
            // changed or deleted meanwhile: the next tick sees it again
        }
    }

    private Map<String, Object> programmedGateway(GenericKubernetesResource gateway) {
        Long generation = gateway.getMetadata().getGeneration();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("addresses", List.of(Map.of("type", "IPAddress", "value", address(gateway))));
        status.put("conditions", List.of(
                condition("Accepted", "True", "Accepted", "The Gateway has been scheduled by Envoy Gateway", generation),
                condition("Programmed", "True", "Programmed", "Address assigned to the Gateway, 1/1 envoy replicas available",
                        generation)));
        List<Object> listeners = new ArrayList<>();
        for (Object listener : list(map(gateway.getAdditionalProperties().get("spec")).get("listeners"))) {
            listeners.add(Map.of("name", map(listener).get("name"), "attachedRoutes", 1,
                    "supportedKinds", List.of(Map.of("group", "gateway.networking.k8s.io", "kind", "HTTPRoute")),
                    "conditions", List.of(condition("Programmed", "True", "Programmed", "Sending translated listener "
                            + "configuration to the data plane", generation))));
        }
        status.put("listeners", listeners);
        return status;
    }

    private static Map<String, Object> failedGateway(GenericKubernetesResource gateway, Failure failure) {
        Long generation = gateway.getMetadata().getGeneration();
        return Map.of("conditions", List.of(
                condition("Accepted", "True", "Accepted", "The Gateway has been scheduled by Envoy Gateway", generation),
                condition("Programmed", "False", failure.reason(), failure.message(), generation)));
    }

    private Map<String, Object> routeStatus(GenericKubernetesResource route) {
        Long generation = route.getMetadata().getGeneration();
        List<Object> parents = new ArrayList<>();
        for (Object parent : list(map(route.getAdditionalProperties().get("spec")).get("parentRefs"))) {
            parents.add(Map.of("parentRef", parent, "controllerName", CONTROLLER, "conditions", List.of(
                    condition("Accepted", "True", "Accepted", "Route is accepted", generation),
                    condition("ResolvedRefs", "True", "ResolvedRefs", "Resolved all the Object references for the Route",
                            generation))));
        }
        return Map.of("parents", parents);
    }

    private Map<String, Object> policyStatus(GenericKubernetesResource policy) {
        Long generation = policy.getMetadata().getGeneration();
        List<Object> ancestors = new ArrayList<>();
        for (Object target : list(map(policy.getAdditionalProperties().get("spec")).get("targetRefs"))) {
            Map<String, Object> ref = new LinkedHashMap<>(map(target));
            ref.put("namespace", policy.getMetadata().getNamespace());
            ancestors.add(Map.of("ancestorRef", ref, "controllerName", CONTROLLER, "conditions", List.of(
                    condition("Accepted", "True", "Accepted", "Policy has been accepted.", generation))));
        }
        return Map.of("ancestors", ancestors);
    }

    private String address(GenericKubernetesResource gateway) {
        Object existing = list(map(gateway.getAdditionalProperties().get("status")).get("addresses")).stream()
                .map(a -> map(a).get("value")).findFirst().orElse(null);
        return existing != null ? existing.toString() : addressPrefix + (addresses.incrementAndGet() % 250);
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message,
            Long generation) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", reason);
        condition.put("message", message);
        if (generation != null) {
            condition.put("observedGeneration", generation);
        }
        condition.put("lastTransitionTime", "2026-11-25T00:00:00Z");
        return condition;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
