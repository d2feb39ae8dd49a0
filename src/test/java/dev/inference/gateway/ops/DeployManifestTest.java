package dev.inference.gateway.ops;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inference.gateway.config.KubernetesDriverConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The committed manifests under deploy/ against what the running service really serves. */
@QuarkusTest
class DeployManifestTest {
    static final String CONFIG_EXAMPLE = "deploy/config-example.yml";
    /** The API's paths: all that an ingress exposes (the /q/* operations endpoints need no token). */
    static final String API_PREFIX = "/v1alpha1/inference";
    /** A commented setting of the config example: {@code # NAME: value}. */
    static final Pattern COMMENTED_SETTING = Pattern.compile("(?m)^\\s*#\\s*([A-Z][A-Z0-9_]*):\\s*(\\S+)\\s*$");
    /** A commented key of a Secret's stringData: {@code # file.name: value}. */
    static final Pattern COMMENTED_KEY = Pattern.compile("(?m)^\\s*#\\s*([-._a-zA-Z0-9]+):");

    private static List<Map<String, Object>> documents;

    @BeforeAll
    static void read() {
        documents = load("deploy/kubernetes.yml");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(String file) {
        List<Map<String, Object>> loaded = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    loaded.add((Map<String, Object>) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded;
    }

    static Map<String, Object> kind(String kind) {
        return kind(documents, "deploy/kubernetes.yml", kind, null);
    }

    static Map<String, Object> kind(List<Map<String, Object>> in, String file, String kind, String name) {
        return in.stream().filter(d -> kind.equals(d.get("kind")))
                .filter(d -> name == null || name.equals(map(d, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no " + kind + (name == null ? "" : " " + name)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> from, String key) {
        List<Map<String, Object>> value = (List<Map<String, Object>>) from.get(key);
        assertThat(value).as(key).isNotNull();
        return value;
    }

    /** The text of the document of a multi-document YAML file that declares {@code kind} and {@code name}. */
    static String documentText(String file, String kind, String name) {
        try {
            for (String text : Files.readString(Path.of(file)).split("(?m)^---\\s*$")) {
                if (text.contains("\nkind: " + kind + "\n") && text.contains("\n  name: " + name + "\n")) {
                    return text;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(file + " has no " + kind + " " + name);
    }

    /** The config example's commented settings (its example zone, the kubeconfig way, the auth services). */
    static Map<String, String> commentedSettings(String configMapName) {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = COMMENTED_SETTING.matcher(documentText(CONFIG_EXAMPLE, "ConfigMap", configMapName));
        while (m.find()) {
            settings.put(m.group(1), m.group(2));
        }
        return settings;
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

    /** The name the Deployment reads a ConfigMap or Secret by through envFrom. */
    @SuppressWarnings("unchecked")
    static List<String> envFrom(String ref) {
        return list(container(), "envFrom").stream().filter(e -> e.containsKey(ref))
                .map(e -> (String) ((Map<String, Object>) e.get(ref)).get("name")).toList();
    }

    @Test
    void theConfigExampleNamesTheKubernetesDriverAndItsCommentedZoneIsOneTheDriverReads() {
        List<Map<String, Object>> config = load(CONFIG_EXAMPLE);
        assertThat(envFrom("configMapRef")).hasSize(1);
        String configMapName = envFrom("configMapRef").get(0);
        Map<String, Object> data = map(kind(config, CONFIG_EXAMPLE, "ConfigMap", configMapName), "data");
        assertThat(data).as("production has no default driver: the example names the real one")
                .containsEntry("ROLLOUT_DRIVER", "kubernetes");
        List<String> zones = List.of(((String) data.get("GATEWAY_ZONES")).split(","));

        // Uncommented, the example zone is a zone of GATEWAY_ZONES with an API server, a token file and a CA file,
        // as the driver's configuration reads environment variables; the kubeconfig way names a context.
        Map<String, String> example = commentedSettings(configMapName);
        Map<String, String> byUrl = new LinkedHashMap<>(example);
        byUrl.keySet().removeIf(k -> k.equals("KUBECONFIG") || k.endsWith("__CONTEXT"));
        KubernetesDriverConfig.Zone zone = onlyZone(byUrl, zones);
        assertThat(zone.apiServer()).get().asString().startsWith("https://");
        assertThat(zone.token()).isEmpty();
        assertThat(zone.tokenFile()).isPresent();
        assertThat(zone.caFile()).isPresent();
        Map<String, String> byContext = new LinkedHashMap<>(example);
        byContext.keySet().removeIf(k -> k.matches(".*__(API_SERVER|TOKEN_FILE|CA_FILE)"));
        assertThat(onlyZone(byContext, zones).context()).isPresent();
        assertThat(example).containsKey("KUBECONFIG");

        KubernetesDriverConfig defaults = kubernetesConfig(Map.of());
        assertThat(example).containsEntry("ROLLOUT_KUBERNETES_COREWEAVE_AUTH_SERVICE", defaults.coreweaveAuthService())
                .containsEntry("ROLLOUT_KUBERNETES_WANDB_AUTH_SERVICE", defaults.wandbAuthService());
    }

    static KubernetesDriverConfig kubernetesConfig(Map<String, String> environment) {
        return new SmallRyeConfigBuilder().withMapping(KubernetesDriverConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300)).build()
                .getConfigMapping(KubernetesDriverConfig.class);
    }

    /** The one zone these environment variables configure; it must be one of {@code zones}. */
    static KubernetesDriverConfig.Zone onlyZone(Map<String, String> environment, List<String> zones) {
        Map<String, KubernetesDriverConfig.Zone> configured = kubernetesConfig(environment).zones();
        assertThat(configured).as("zones configured by %s", environment.keySet()).hasSize(1);
        String key = configured.keySet().iterator().next();
        assertThat(zones).as("zone key %s", key).anyMatch(z -> normalize(z).equals(normalize(key)));
        return configured.get(key);
    }

    static String normalize(String zone) {
        return zone.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    @Test
    void theZonesSecretIsMountedReadOnlyAndOptionalWhereTheConfigExampleSaysItsFilesAre() {
        List<Map<String, Object>> config = load(CONFIG_EXAMPLE);
        List<String> envSecrets = envFrom("secretRef");
        List<Map<String, Object>> fileSecrets = config.stream().filter(d -> "Secret".equals(d.get("kind")))
                .filter(d -> !envSecrets.contains(map(d, "metadata").get("name"))).toList();
        assertThat(fileSecrets).as("the config example's Secret of zone credentials").hasSize(1);
        String secretName = (String) map(fileSecrets.get(0), "metadata").get("name");

        Map<String, Object> pod = map(kind("Deployment"), "spec", "template", "spec");
        Map<String, Object> volume = list(pod, "volumes").stream()
                .filter(v -> v.get("secret") instanceof Map<?, ?> secret && secretName.equals(secret.get("secretName")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume of Secret " + secretName));
        assertThat(map(volume, "secret")).as("a missing Secret must not keep the pod from starting")
                .containsEntry("optional", true);
        Map<String, Object> mount = list(container(), "volumeMounts").stream()
                .filter(m -> volume.get("name").equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volume.get("name") + " is not mounted"));
        assertThat(mount).containsEntry("readOnly", true).doesNotContainKey("subPath"); // subPath: no rotation
        Path mountPath = Path.of((String) mount.get("mountPath"));

        Map<String, String> example = commentedSettings(envFrom("configMapRef").get(0));
        List<String> files = example.entrySet().stream()
                .filter(e -> e.getKey().endsWith("_FILE") || e.getKey().equals("KUBECONFIG"))
                .map(Map.Entry::getValue).toList();
        assertThat(files).as("token, CA and kubeconfig files of the example").hasSize(3);
        assertThat(files).allSatisfy(file -> assertThat(Path.of(file).getParent()).isEqualTo(mountPath));

        List<String> keys = new ArrayList<>();
        Matcher m = COMMENTED_KEY.matcher(documentText(CONFIG_EXAMPLE, "Secret", secretName)
                .split("(?m)^stringData:", 2)[1]);
        while (m.find()) {
            keys.add(m.group(1));
        }
        List<String> tokenAndCa = example.entrySet().stream().filter(e -> e.getKey().endsWith("_FILE"))
                .map(e -> Path.of(e.getValue()).getFileName().toString()).toList();
        assertThat(keys).as("the Secret's example keys are the files the zone names")
                .containsExactlyInAnyOrderElementsOf(tokenAndCa);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIngressExamplesReachTheServiceOverTlsAndExposeOnlyTheApi() {
        Map<String, Object> service = kind("Service");
        String serviceName = (String) map(service, "metadata").get("name");
        List<Map<String, Object>> servicePorts = list(map(service, "spec"), "ports");
        int httpPort = configuredHttpPort();
        // The prefix is where the API is: without a token it answers 401, not 404.
        get(API_PREFIX + "/gateways/parameters").then().statusCode(401);

        String ingressFile = "deploy/ingress-example.yml";
        Map<String, Object> ingress = kind(load(ingressFile), ingressFile, "Ingress", null);
        List<Map<String, Object>> tls = list(map(ingress, "spec"), "tls");
        assertThat(tls).isNotEmpty().allSatisfy(t -> assertThat(t.get("secretName")).isNotNull());
        for (Map<String, Object> rule : list(map(ingress, "spec"), "rules")) {
            assertThat(tls).as("TLS for host %s", rule.get("host"))
                    .anySatisfy(t -> assertThat((List<Object>) t.get("hosts")).contains(rule.get("host")));
            for (Map<String, Object> path : list(map(rule, "http"), "paths")) {
                assertThat((String) path.get("path")).startsWith(API_PREFIX);
                Map<String, Object> backend = map(path, "backend", "service");
                assertThat(backend.get("name")).isEqualTo(serviceName);
                Map<String, Object> port = map(backend, "port");
                Map<String, Object> servicePort = servicePorts.stream()
                        .filter(p -> p.get("name").equals(port.get("name")) || p.get("port").equals(port.get("number")))
                        .findFirst().orElseThrow(() -> new AssertionError("no port " + port + " on " + serviceName));
                assertThat(servicePort.get("targetPort")).isEqualTo(httpPort);
            }
        }

        String routeFile = "deploy/gateway-route-example.yml";
        List<Map<String, Object>> route = load(routeFile);
        Map<String, Object> gateway = kind(route, routeFile, "Gateway", null);
        List<Map<String, Object>> listeners = list(map(gateway, "spec"), "listeners");
        assertThat(listeners).allSatisfy(l -> {
            assertThat(l).containsEntry("protocol", "HTTPS");
            assertThat(map(l, "tls")).containsEntry("mode", "Terminate");
            assertThat(list(map(l, "tls"), "certificateRefs")).isNotEmpty();
        });
        Map<String, Object> httpRoute = kind(route, routeFile, "HTTPRoute", null);
        assertThat(list(map(httpRoute, "spec"), "parentRefs"))
                .allSatisfy(p -> assertThat(p.get("name")).isEqualTo(map(gateway, "metadata").get("name")));
        for (Map<String, Object> rule : list(map(httpRoute, "spec"), "rules")) {
            assertThat(list(rule, "matches"))
                    .allSatisfy(match -> assertThat((String) map(match, "path").get("value")).startsWith(API_PREFIX));
            assertThat(list(rule, "backendRefs")).isNotEmpty().allSatisfy(b -> {
                assertThat(b.get("name")).isEqualTo(serviceName);
                assertThat(servicePorts).anySatisfy(p -> {
                    assertThat(p.get("port")).isEqualTo(b.get("port"));
                    assertThat(p.get("targetPort")).isEqualTo(httpPort);
                });
            });
        }
    }
}
