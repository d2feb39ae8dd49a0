package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.rollout.ZoneTarget;
import dev.inference.gateway.rollout.kubernetes.GatewayObjectRenderer;
import dev.inference.gateway.rollout.kubernetes.RenderSettings;
import dev.inference.gateway.rollout.kubernetes.ServiceRef;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of the spec is carried everywhere a spec goes: create, full PATCH, merge patch, GET, list, watch and
 * the Kubernetes objects of a zone. The fields are found by reflection over {@link GatewaySpec} (the one declaration
 * of the spec), so a field added there fails {@link #everyFieldOfTheSpecHasACase} until it gets a case below, and
 * then every check runs for it. A case is two valid specs that differ in that field only.
 */
@QuarkusTest
class SpecFieldCoverageTest {
    private static final String HOOLI = "test-hooli-admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How long a watch event may take to arrive: the change history is read on the commit's NOTIFY (milliseconds)
     * and every watch.poll (500 ms in tests) as a safety net, so 30 s is a margin of 60 polls on a slow machine.
     */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);
    private static final GatewayObjectRenderer RENDERER = new GatewayObjectRenderer(new RenderSettings(
            "inference-gateways", "eg", Optional.of(ServiceRef.parse("c", "coreweave-iam-authz.inference-system:9001")),
            Optional.of(ServiceRef.parse("w", "wandb-authz.inference-system:9001")), Optional.empty(), "ClusterIP", 1));

    /** Fields that rightly leave a zone's objects as they are, and why. */
    private static final Map<String, String> NOT_IN_ZONE_OBJECTS = notInZoneObjects();
    /** Fields whose change alone makes no revision: it governs the next rollout, not what a zone serves. */
    private static final String POLICY = "rolloutPolicy.";

    private static Map<String, String> notInZoneObjects() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("zones", "decides which zones receive the objects, not what they hold (RolloutTest covers it)");
        for (String field : List.of("strategy", "waves[].name", "waves[].zones", "waves[].bakeSeconds",
                "waves[].maxConcurrentZones", "progressDeadlineSeconds", "failurePolicy", "revisionHistoryLimit")) {
            fields.put(POLICY + field, "governs how a change reaches the zones, not what a zone serves");
        }
        return fields;
    }
    /** Fields never answered (write-only): carried to the zone, absent from every answer. */
    private static final Set<String> WRITE_ONLY = Set.of("weightsAndBiasesAuth.apiKey");

    /** One field: two valid specs that differ in it alone. */
    record Case(Map<String, Object> a, Map<String, Object> b) {
        /**
         * The case with host names of its own: additionalDns names belong to one gateway at a time, and the gateway
         * of the case before may still be being deleted.
         */
        @SuppressWarnings("unchecked")
        Case withOwnHosts() {
            String own = "-" + UUID.randomUUID().toString().substring(0, 8) + ".coverage.example.org";
            return new Case((Map<String, Object>) ownHosts(a, own), (Map<String, Object>) ownHosts(b, own));
        }

        private static Object ownHosts(Object value, String own) {
            if (value instanceof String text && text.endsWith(".coverage.example.org")) {
                return text.substring(0, text.indexOf('.')) + own;
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put((String) k, ownHosts(v, own)));
                return copy;
            }
            if (value instanceof List<?> list) {
                return list.stream().map(v -> ownHosts(v, own)).toList();
            }
            return value;
        }
    }

    static Map<String, Object> base() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "coverage");
        spec.put("zones", List.of("US-EAST-04A"));
        spec.put("weightsAndBiasesAuth", Map.of("apiKey", "key-a", "serverUrl", "https://wandb-a.example.com",
                "enableUsageReports", true, "enableRateLimiting", true));
        spec.put("headerBasedRouting", Map.of("headerName", "X-Model"));
        spec.put("endpointConfiguration", Map.of("additionalDns", List.of("a.coverage.example.org"),
                "allowedSourceIpRanges", List.of("10.0.0.0/8"), "edgeProxyMode", "EDGE_PROXY_MODE_DIRECT"));
        return spec;
    }

    static Map<String, Object> set(String path, Object value) {
        Map<String, Object> spec = base();
        return set(spec, path, value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> set(Map<String, Object> spec, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> at = spec;
        for (int i = 0; i < parts.length - 1; i++) {
            Map<String, Object> inner = new LinkedHashMap<>((Map<String, Object>) at.get(parts[i]));
            at.put(parts[i], inner);
            at = inner;
        }
        if (value == null) {
            at.remove(parts[parts.length - 1]);
        } else {
            at.put(parts[parts.length - 1], value);
        }
        return spec;
    }

    static final Map<String, Case> CASES = cases();

    private static Map<String, Case> cases() {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("name", new Case(set("name", "coverage-a"), set("name", "coverage-b")));
        cases.put("zones", new Case(set("zones", List.of("US-EAST-04A")), set("zones", List.of("US-WEST-09B"))));
        Map<String, Object> coreWeave = set("weightsAndBiasesAuth", null);
        coreWeave.put("coreWeaveAuth", Map.of());
        cases.put("coreWeaveAuth", new Case(coreWeave, base()));
        cases.put("weightsAndBiasesAuth.apiKey", new Case(base(), set("weightsAndBiasesAuth.apiKey", "key-b")));
        cases.put("weightsAndBiasesAuth.serverUrl", new Case(base(),
                set("weightsAndBiasesAuth.serverUrl", "https://wandb-b.example.com")));
        cases.put("weightsAndBiasesAuth.enableUsageReports", new Case(base(),
                set("weightsAndBiasesAuth.enableUsageReports", false)));
        cases.put("weightsAndBiasesAuth.enableRateLimiting", new Case(base(),
                set("weightsAndBiasesAuth.enableRateLimiting", false)));
        Map<String, Object> body = set("headerBasedRouting", null);
        body.put("bodyBasedRouting", Map.of("apiType", "API_TYPE_OPENAI"));
        cases.put("bodyBasedRouting.apiType", new Case(body, base()));
        cases.put("headerBasedRouting.headerName", new Case(base(), set("headerBasedRouting.headerName", "X-Other")));
        Map<String, Object> path = set("headerBasedRouting", null);
        path.put("pathBasedRouting", Map.of());
        cases.put("pathBasedRouting", new Case(path, base()));
        cases.put("endpointConfiguration.additionalDns", new Case(base(),
                set("endpointConfiguration.additionalDns", List.of("b.coverage.example.org"))));
        cases.put("endpointConfiguration.allowedSourceIpRanges", new Case(base(),
                set("endpointConfiguration.allowedSourceIpRanges", List.of("192.168.0.0/16"))));
        cases.put("endpointConfiguration.edgeProxyMode", new Case(base(),
                set("endpointConfiguration.edgeProxyMode", "EDGE_PROXY_MODE_MANAGED")));
        cases.put(POLICY + "strategy", new Case(withPolicy(policy(wave("w1", "*", 1, 1))),
                withPolicy(allAtOnce())));
        cases.put(POLICY + "waves[].name", new Case(withPolicy(policy(wave("w1", "*", 1, 1))),
                withPolicy(policy(wave("w2", "*", 1, 1)))));
        cases.put(POLICY + "waves[].zones", new Case(withPolicy(policy(wave("w1", "*", 1, 1))),
                withPolicy(policy(wave("w1", "US-EAST-04A", 1, 1)))));
        cases.put(POLICY + "waves[].bakeSeconds", new Case(withPolicy(policy(wave("w1", "*", 1, 1))),
                withPolicy(policy(wave("w1", "*", 2, 1)))));
        cases.put(POLICY + "waves[].maxConcurrentZones", new Case(withPolicy(policy(wave("w1", "*", 1, 1))),
                withPolicy(policy(wave("w1", "*", 1, 0)))));
        Map<String, Object> policy = policy(wave("w1", "*", 1, 1));
        cases.put(POLICY + "progressDeadlineSeconds", new Case(withPolicy(policy),
                withPolicy(with(policy, "progressDeadlineSeconds", 120))));
        cases.put(POLICY + "failurePolicy", new Case(withPolicy(policy),
                withPolicy(with(policy, "failurePolicy", "FAILURE_POLICY_PAUSE"))));
        cases.put(POLICY + "revisionHistoryLimit", new Case(withPolicy(policy),
                withPolicy(with(policy, "revisionHistoryLimit", 6))));
        return cases;
    }

    static Map<String, Object> withPolicy(Map<String, Object> policy) {
        Map<String, Object> spec = base();
        spec.put("rolloutPolicy", policy);
        return spec;
    }

    static Map<String, Object> wave(String name, String zone, int bake, int concurrent) {
        return Map.of("name", name, "zones", List.of(zone), "bakeSeconds", bake, "maxConcurrentZones", concurrent);
    }

    static Map<String, Object> policy(Map<String, Object> wave) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("strategy", "ROLLOUT_STRATEGY_WAVES");
        policy.put("waves", List.of(wave));
        policy.put("progressDeadlineSeconds", 60);
        policy.put("failurePolicy", "FAILURE_POLICY_ROLLBACK");
        policy.put("revisionHistoryLimit", 5);
        return policy;
    }

    static Map<String, Object> allAtOnce() {
        Map<String, Object> policy = policy(wave("w1", "*", 1, 1));
        policy.put("strategy", "ROLLOUT_STRATEGY_ALL_AT_ONCE");
        policy.remove("waves");
        return policy;
    }

    @Test
    void everyFieldOfTheSpecHasACase() {
        Set<String> fields = new TreeSet<>();
        leaves(GatewaySpec.class, "", fields);
        assertThat(new TreeSet<>(CASES.keySet())).as("a case per field of GatewaySpec (add one for a new field)")
                .isEqualTo(fields);
    }

    /** The fields of a record, down to values: records of their own fields, lists of records by their elements. */
    static void leaves(Class<?> type, String prefix, Set<String> sink) {
        for (RecordComponent component : type.getRecordComponents()) {
            String path = prefix + component.getName();
            Class<?> raw = component.getType();
            Type generic = component.getGenericType();
            if (raw.isRecord() && raw.getRecordComponents().length > 0) {
                leaves(raw, path + ".", sink);
            } else if (List.class.isAssignableFrom(raw) && generic instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                leaves(element, path + "[].", sink);
            } else {
                sink.add(path);
            }
        }
    }

    static Stream<Arguments> fields() {
        return CASES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void aFieldIsCarriedThroughEveryPath(String field, Case shared) throws Exception {
        Case c = shared.withOwnHosts();
        String from = as(HOOLI).get(BASE + "?pageSize=1").then().statusCode(200).extract().path("resourceVersion");
        try (Watch watch = new Watch(from)) {
            // create
            Response created = create(HOOLI, c.a());
            created.then().statusCode(200);
            String id = created.path("gateway.spec.id");
            assertCarried(field, c.a(), json(created.asString()).get("gateway"), "create");
            assertCarried(field, c.a(), json(get(HOOLI, id).asString()).get("gateway"), "GET after create");
            assertCarried(field, c.a(), listed(id), "list after create");
            assertCarried(field, c.a(), newestRevision(id), "revision after create");
            // full PATCH
            Response replaced = patch(HOOLI, id, c.b());
            replaced.then().statusCode(200);
            assertCarried(field, c.b(), json(replaced.asString()).get("gateway"), "full PATCH");
            assertCarried(field, c.b(), json(get(HOOLI, id).asString()).get("gateway"), "GET after full PATCH");
            // a change of the rollout policy alone makes no revision: the newest still holds A
            assertCarried(field, field.startsWith(POLICY) ? c.a() : c.b(), newestRevision(id),
                    "revision after full PATCH");
            // merge patch: the RFC 7396 difference that turns B back into A
            String back = JSON.writeValueAsString(mergeDiff(JSON.valueToTree(c.b()), JSON.valueToTree(c.a())));
            Response merged = mergePatch(HOOLI, id, back);
            merged.then().statusCode(200);
            assertCarried(field, c.a(), json(merged.asString()).get("gateway"), "merge patch " + back);
            assertCarried(field, c.a(), listed(id), "list after merge patch");
            assertCarried(field, c.a(), newestRevision(id), "revision after merge patch");
            // watch: the three versions in order
            assertCarried(field, c.a(), watch.next(id), "watch ADDED");
            assertCarried(field, c.b(), watch.next(id), "watch MODIFIED (full PATCH)");
            assertCarried(field, c.a(), watch.next(id), "watch MODIFIED (merge patch)");
            delete(HOOLI, id).then().statusCode(200);
        }
        // the Kubernetes objects of a zone
        String renderedA = rendered(c.a());
        String renderedB = rendered(c.b());
        if (NOT_IN_ZONE_OBJECTS.containsKey(field)) {
            assertThat(renderedA).as("%s: %s", field, NOT_IN_ZONE_OBJECTS.get(field)).isEqualTo(renderedB);
        } else {
            assertThat(renderedA).as("%s reaches the zone's objects", field).isNotEqualTo(renderedB);
        }
    }

    /** The answered gateway shows the field as the request gave it (a write-only field never). */
    private static void assertCarried(String field, Map<String, Object> sent, JsonNode gateway, String where) {
        JsonNode expected = at(JSON.valueToTree(sent), field);
        JsonNode answered = at(gateway.get("spec"), field);
        if (WRITE_ONLY.contains(field)) {
            assertThat(answered).as("%s: %s is write-only", where, field).isNull();
        } else {
            assertThat(answered).as("%s: %s", where, field).isEqualTo(expected);
        }
    }

    /** The value at a field's path; under {@code name[]} the values of every element, as an array. */
    private static JsonNode at(JsonNode node, String path) {
        String[] parts = path.split("\\.", 2);
        if (node == null) {
            return null;
        }
        if (parts[0].endsWith("[]")) {
            JsonNode list = node.get(parts[0].substring(0, parts[0].length() - 2));
            if (list == null) {
                return null;
            }
            com.fasterxml.jackson.databind.node.ArrayNode values = JsonNodeFactory.instance.arrayNode();
            list.forEach(element -> values.add(at(element, parts[1])));
            return values;
        }
        JsonNode child = node.get(parts[0]);
        return parts.length == 1 ? child : at(child, parts[1]);
    }

    /** The newest revision, shaped as a gateway ({@code spec}) so the same check reads it. */
    private static JsonNode newestRevision(String id) throws Exception {
        JsonNode newest = json(as(HOOLI).get(BASE + "/" + id + "/revisions?pageSize=1").then().statusCode(200)
                .extract().asString()).get("items").get(0);
        return newest;
    }

    /** The RFC 7396 merge patch that turns {@code from} into {@code to}. */
    static JsonNode mergeDiff(JsonNode from, JsonNode to) {
        if (!from.isObject() || !to.isObject()) {
            return to;
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> names = from.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!to.has(name)) {
                patch.putNull(name);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> members = to.fields(); members.hasNext();) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode before = from.get(member.getKey());
            if (before == null || !before.equals(member.getValue())) {
                patch.set(member.getKey(), before == null ? member.getValue() : mergeDiff(before, member.getValue()));
            }
        }
        return patch;
    }

    private static JsonNode listed(String id) throws Exception {
        for (JsonNode item : json(as(HOOLI).get(BASE).then().statusCode(200).extract().asString()).get("items")) {
            if (item.get("spec").get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("gateway " + id + " is not in the list");
    }

    private static String rendered(Map<String, Object> spec) throws Exception {
        GatewaySpec parsed = JSON.convertValue(spec, GatewaySpec.class);
        UUID id = UUID.fromString("9e30d487-3b6a-4f51-9a3c-2f1d5c7e8a90");
        return JSON.writeValueAsString(RENDERER.render(new ZoneTarget(id, "hooli", "US-EAST-04A", 1,
                id + ".us-east-04a.inference.example.com", parsed)).stream().map(o -> o.object()).toList());
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** A watch of organization hooli, read on a thread of its own. */
    private static final class Watch implements AutoCloseable {
        private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        private final HttpResponse<java.io.InputStream> response;

        Watch(String from) throws Exception {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + RestAssured.port + BASE + "?watch=true&resourceVersion=" + from))
                    .header("Authorization", "Bearer " + HOOLI).build(), HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        events.add(JSON.readTree(line));
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "coverage-watch");
            reader.setDaemon(true);
            reader.start();
        }

        /** The gateway of the next spec change of {@code id} (a new generation, or a new spec); status changes are skipped. */
        JsonNode next(String id) throws InterruptedException {
            long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event != null && event.has("gateway")
                        && event.get("gateway").get("spec").get("id").asText().equals(id)
                        && (event.get("gateway").get("status").get("generation").asLong() > generation
                                || !event.get("gateway").get("spec").equals(spec))) {
                    generation = event.get("gateway").get("status").get("generation").asLong();
                    spec = event.get("gateway").get("spec");
                    return event.get("gateway");
                }
            }
            throw new AssertionError("no new spec of gateway " + id + " in the watch within " + EVENT_WAIT);
        }

        private long generation;
        private JsonNode spec;

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (Exception e) {
                // gone
            }
        }
    }
}
