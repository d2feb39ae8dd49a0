package dev.inference.gateway.ops;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The committed manifests under deploy/ against what the running service really serves. */
@QuarkusTest
class DeployManifestTest {
    private static List<Map<String, Object>> documents;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of("deploy/kubernetes.yml"))) {
            for (Object document : new Yaml().loadAll(reader)) {
                documents.add((Map<String, Object>) document);
            }
        }
    }

    static Map<String, Object> kind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow(
                () -> new AssertionError("deploy/kubernetes.yml has no " + kind));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> from, String... path) {
        Map<String, Object> current = from;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertThat(current).as(String.join(".", path)).isNotNull();
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container() {
        Map<String, Object> pod = map(kind("Deployment"), "spec", "template", "spec");
        return ((List<Map<String, Object>>) pod.get("containers")).get(0);
    }

    @Test
    void probesPointAtHealthEndpointsTheServiceServesOnItsPort() {
        int httpPort = configuredHttpPort();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ports = (List<Map<String, Object>>) container().get("ports");
        assertThat(ports).extracting(p -> p.get("containerPort")).containsExactly(httpPort);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Map<String, Object> httpGet = map(container(), probe, "httpGet");
            assertThat(httpGet.get("port")).as(probe + " port").isEqualTo(httpPort);
            String path = (String) httpGet.get("path");
            get(path).then().statusCode(200);
        }
        assertThat(map(container(), "livenessProbe", "httpGet").get("path")).isEqualTo("/q/health/live");
        assertThat(map(container(), "readinessProbe", "httpGet").get("path")).isEqualTo("/q/health/ready");
        assertThat(map(container(), "startupProbe", "httpGet").get("path")).isEqualTo("/q/health/started");
    }

    /** The production port from application.properties (under test, quarkus.http.port is the random test port). */
    static int configuredHttpPort() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void securityContextAndResourcesAreSet() {
        Map<String, Object> security = map(container(), "securityContext");
        assertThat(security).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("privileged", false);
        assertThat((List<String>) map(container(), "securityContext", "capabilities").get("drop")).contains("ALL");
        assertThat(map(kind("Deployment"), "spec", "template", "spec", "securityContext"))
                .containsEntry("runAsNonRoot", true);
        Map<String, Object> resources = map(container(), "resources");
        assertThat(map(resources, "requests")).containsKeys("cpu", "memory");
        assertThat(map(resources, "limits")).containsKeys("cpu", "memory");
        assertThat((Integer) map(kind("Deployment"), "spec").get("replicas")).isGreaterThan(1);
        assertThat(map(kind("PodDisruptionBudget"), "spec")).containsKey("minAvailable");
        assertThat(map(kind("Deployment"), "spec", "template", "spec").get("terminationGracePeriodSeconds"))
                .isNotNull();
    }
}
