package dev.inference.gateway.rollout.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inference.gateway.config.KubernetesDriverConfig;
import dev.inference.gateway.config.RolloutConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rollout.kubernetes.* beside rollout.*, and the start-up checks that name the zone that cannot be reached. */
class KubernetesDriverConfigTest {
    static final List<String> ZONES = List.of("US-EAST-04A", "US-WEST-09B");

    static ZoneClusterFactory factory(Map<String, String> properties, Map<String, String> environment) {
        return new ZoneClusterFactory(TestZones.kubernetes(properties), new VertxHttpClientFactory(), environment);
    }

    @Test
    void theMappingSitsBesideTheRolloutMappingWithItsDefaults() {
        var config = TestZones.config(Map.of("rollout.driver", "kubernetes",
                "rollout.kubernetes.zones.\"US-EAST-04A\".api-server", "https://a.example:6443"));
        assertThat(config.getConfigMapping(RolloutConfig.class).driver()).contains("kubernetes");
        KubernetesDriverConfig kubernetes = config.getConfigMapping(KubernetesDriverConfig.class);
        assertThat(kubernetes.namespace()).isEqualTo("inference-gateways");
        assertThat(kubernetes.gatewayClassName()).isEqualTo("eg");
        assertThat(kubernetes.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(kubernetes.coreweaveAuthService()).isEqualTo("coreweave-iam-authz.inference-system:9001");
        assertThat(kubernetes.zones()).containsOnlyKeys("US-EAST-04A");
        assertThat(kubernetes.zones().get("US-EAST-04A").apiServer()).contains("https://a.example:6443");
    }

    @Test
    void aZoneWithoutAClusterIsAStartupErrorThatNamesIt() {
        ZoneClusterFactory factory = factory(Map.of(
                "rollout.kubernetes.zones.\"US-EAST-04A\".api-server", "https://a.example:6443",
                "rollout.kubernetes.zones.\"US-EAST-04A\".token", "t"), Map.of());
        assertThatThrownBy(() -> factory.create(ZONES)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zone \"US-WEST-09B\" has no cluster configured")
                .hasMessageContaining("rollout.kubernetes.zones.\"US-WEST-09B\".api-server")
                .hasMessageNotContaining("zone \"US-EAST-04A\"");
    }

    @Test
    void anApiServerNeedsExactlyOneTokenSetting() {
        assertThatThrownBy(() -> factory(Map.of(
                "rollout.kubernetes.zones.\"US-EAST-04A\".api-server", "https://a.example:6443"), Map.of())
                .clientConfig("US-EAST-04A"))
                .hasMessageContaining("set exactly one of rollout.kubernetes.zones.\"US-EAST-04A\".token and");
        assertThatThrownBy(() -> factory(Map.of(
                "rollout.kubernetes.zones.\"US-EAST-04A\".api-server", "https://a.example:6443",
                "rollout.kubernetes.zones.\"US-EAST-04A\".token-file", "/nonexistent/token"), Map.of())
                .clientConfig("US-EAST-04A"))
                .hasMessageContaining("token-file /nonexistent/token cannot be read");
    }

    @Test
    void zoneKeysMatchIgnoringCaseAndSeparatorsAsEnvironmentVariablesSpellThem(@TempDir Path dir)
            throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "from-file\n");
        Config config = factory(Map.of(
                "rollout.kubernetes.zones.\"us_east_04a\".api-server", "https://a.example:6443",
                "rollout.kubernetes.zones.\"us_east_04a\".token-file", token.toString(),
                "rollout.kubernetes.zones.\"us_east_04a\".namespace", "gw-east",
                "rollout.kubernetes.request-timeout", "7s"), Map.of()).clientConfig("US-EAST-04A");
        assertThat(config.getMasterUrl()).startsWith("https://a.example:6443");
        assertThat(config.getNamespace()).isEqualTo("gw-east");
        assertThat(config.getRequestTimeout()).isEqualTo(7000);
        assertThat(config.getRequestRetryBackoffLimit()).isZero();
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("from-file");
        Files.writeString(token, "rotated\n");
        Files.setLastModifiedTime(token, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("rotated");
    }

    @Test
    void aContextOfTheKubeconfigNamedByKubeconfigReachesTheZone(@TempDir Path dir) throws IOException {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: east
                  cluster: {server: "https://east.example:6443"}
                users:
                - name: east-driver
                  user: {token: east-token}
                contexts:
                - name: east
                  context: {cluster: east, user: east-driver}
                current-context: east
                """);
        ZoneClusterFactory factory = factory(Map.of("rollout.kubernetes.zones.\"US-EAST-04A\".context", "east"),
                Map.of("KUBECONFIG", kubeconfig.toString()));
        Config config = factory.clientConfig("US-EAST-04A");
        assertThat(config.getMasterUrl()).startsWith("https://east.example:6443");
        assertThat(config.getAutoOAuthToken()).as("the kubeconfig user's token survives the timeouts being set").isEqualTo("east-token");
        assertThat(config.getNamespace()).isEqualTo("inference-gateways");

        assertThatThrownBy(() -> factory(Map.of("rollout.kubernetes.zones.\"US-EAST-04A\".context", "west"),
                Map.of("KUBECONFIG", kubeconfig.toString())).clientConfig("US-EAST-04A"))
                .hasMessageContaining("no file of KUBECONFIG has a context \"west\"");
        assertThatThrownBy(() -> factory(Map.of("rollout.kubernetes.zones.\"US-EAST-04A\".context", "east"),
                Map.of()).clientConfig("US-EAST-04A"))
                .hasMessageContaining("KUBECONFIG is not set");
    }

    @Test
    void aZoneKeyThatNamesNoZoneIsAStartupError() {
        ZoneClusterFactory factory = factory(Map.of(
                "rollout.kubernetes.zones.\"US-EAST-04A\".api-server", "https://a.example:6443",
                "rollout.kubernetes.zones.\"US-EAST-04A\".token", "t",
                "rollout.kubernetes.zones.\"US-WEST-09B\".api-server", "https://b.example:6443",
                "rollout.kubernetes.zones.\"US-WEST-09B\".token", "t",
                "rollout.kubernetes.zones.\"EU-NOWHERE-1\".api-server", "https://c.example:6443"), Map.of());
        assertThatThrownBy(() -> factory.create(ZONES))
                .hasMessageContaining("rollout.kubernetes.zones.\"EU-NOWHERE-1\" names no zone of gateway.zones");
    }
}
