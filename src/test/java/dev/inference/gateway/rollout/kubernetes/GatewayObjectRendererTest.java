package dev.inference.gateway.rollout.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inference.gateway.domain.ApiType;
import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EdgeProxyMode;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import dev.inference.gateway.rollout.ZoneTarget;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec in, objects out: every field of the spec lands in the object the table of docs/kubernetes-zones.md names. */
class GatewayObjectRendererTest {
    static final UUID ID = UUID.fromString("9e30d487-3b6a-4f51-9a3c-2f1d5c7e8a90");
    static final String KEY = "wandb-secret-3f9a";
    static final RenderSettings SETTINGS = new RenderSettings("inference-gateways", "eg",
            Optional.of(ServiceRef.parse("c", "coreweave-iam-authz.inference-system:9001")),
            Optional.of(ServiceRef.parse("w", "wandb-authz.inference-system:9002")), Optional.empty(), "ClusterIP", 1);
    static final GatewayObjectRenderer RENDERER = new GatewayObjectRenderer(SETTINGS);

    /** What a spec must render to. */
    record Expected(List<String> kinds, List<String> hostnames, String authService, List<String> cidrs,
            String routeMatch, String serviceType) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("CoreWeave auth, path routing, no endpoint configuration",
                        new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null, new PathBasedRouting(),
                                null),
                        new Expected(List.of("Gateway", "EnvoyProxy", "SecurityPolicy", "ClientTrafficPolicy",
                                "HTTPRoute"), List.of(), "coreweave-iam-authz", List.of(), "path=PathPrefix:/",
                                "ClusterIP")),
                Arguments.of("W&B auth, header routing, DNS names, source ranges, DIRECT",
                        new GatewaySpec("b", List.of(), null, new WeightsAndBiasesAuth(KEY, "https://wandb.example",
                                true, true), null, new HeaderBasedRouting("X-Model"), null,
                                new EndpointConfiguration(List.of("Chat.Example.org", "api.example.org",
                                        "chat.example.org"),
                                        List.of("10.0.0.0/8", "2001:db8::/32"), EdgeProxyMode.EDGE_PROXY_MODE_DIRECT)),
                        new Expected(List.of("Gateway", "EnvoyProxy", "Secret", "SecurityPolicy", "HTTPRoute"),
                                List.of("chat.example.org", "api.example.org"), "wandb-authz",
                                List.of("10.0.0.0/8", "2001:db8::/32"), "header=X-Model", "LoadBalancer")),
                Arguments.of("CoreWeave auth, OpenAI body routing, MANAGED",
                        new GatewaySpec("c", List.of(), new CoreWeaveAuth(), null,
                                new BodyBasedRouting(ApiType.API_TYPE_OPENAI), null, null,
                                new EndpointConfiguration(List.of(), List.of("192.168.1.0/24"),
                                        EdgeProxyMode.EDGE_PROXY_MODE_MANAGED)),
                        new Expected(List.of("Gateway", "EnvoyProxy", "SecurityPolicy", "ClientTrafficPolicy",
                                "AIGatewayRoute"), List.of(), "coreweave-iam-authz", List.of("192.168.1.0/24"),
                                "openai", "ClusterIP")),
                Arguments.of("W&B auth, path routing, UNSPECIFIED edge mode (= MANAGED)",
                        new GatewaySpec("d", List.of(), null, new WeightsAndBiasesAuth(KEY, null, null, null), null,
                                null, new PathBasedRouting(), new EndpointConfiguration(null, null,
                                        EdgeProxyMode.EDGE_PROXY_MODE_UNSPECIFIED)),
                        new Expected(List.of("Gateway", "EnvoyProxy", "Secret", "SecurityPolicy",
                                "ClientTrafficPolicy", "HTTPRoute"), List.of(), "wandb-authz", List.of(),
                                "path=PathPrefix:/", "ClusterIP")));
    }

    static ZoneTarget target(GatewaySpec spec) {
        return new ZoneTarget(ID, "acme", "US-EAST-04A", 7, ID + ".us-east-04a.inference.example.com", spec);
    }

    static GenericKubernetesResource of(List<DesiredObject> objects, ManagedKind kind) {
        return objects.stream().filter(o -> o.kind() == kind).map(DesiredObject::object).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    static <T> T at(GenericKubernetesResource object, String... path) {
        Object current = object.getAdditionalProperties();
        for (String key : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(key))
                    : ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheSpec(String name, GatewaySpec spec, Expected expected) {
        ZoneTarget target = target(spec);
        List<DesiredObject> objects = RENDERER.render(target);
        assertThat(objects).extracting(o -> o.kind().kind()).containsExactlyElementsOf(expected.kinds());

        for (DesiredObject object : objects) {
            var meta = object.object().getMetadata();
            assertThat(meta.getNamespace()).isEqualTo("inference-gateways");
            assertThat(meta.getName()).isEqualTo(ObjectNames.of(object.kind(), ID)).startsWith("gw-" + ID);
            assertThat(meta.getLabels()).containsEntry(Labels.GATEWAY_ID, ID.toString())
                    .containsEntry(Labels.ORGANIZATION_ID, "acme").containsEntry(Labels.ZONE, "US-EAST-04A")
                    .containsEntry(Labels.MANAGED_BY, Labels.MANAGER);
            assertThat(meta.getAnnotations()).containsEntry(Labels.GENERATION, "7");
            assertThat(object.object().getApiVersion()).isEqualTo(object.kind().apiVersion());
        }

        GenericKubernetesResource gateway = of(objects, ManagedKind.GATEWAY);
        List<Map<String, Object>> listeners = at(gateway, "spec", "listeners");
        assertThat(listeners).extracting(l -> l.get("hostname")).first().isEqualTo(target.hostname());
        assertThat(listeners.subList(1, listeners.size())).extracting(l -> l.get("hostname"))
                .containsExactlyElementsOf(expected.hostnames());
        assertThat(listeners).extracting(l -> l.get("name")).doesNotHaveDuplicates().first().isEqualTo("https");
        assertThat(this.<String>at(gateway, "spec", "infrastructure", "parametersRef", "name"))
                .isEqualTo("gw-" + ID + "-proxy");
        assertThat(this.<Map<String, String>>at(gateway, "spec", "infrastructure", "labels"))
                .containsEntry(Labels.EDGE_PROXY_MODE, "LoadBalancer".equals(expected.serviceType()) ? "direct"
                        : "managed");
        assertThat(this.<String>at(of(objects, ManagedKind.ENVOY_PROXY), "spec", "provider", "kubernetes",
                "envoyService", "type")).isEqualTo(expected.serviceType());

        GenericKubernetesResource policy = of(objects, ManagedKind.SECURITY_POLICY);
        assertThat(this.<String>at(policy, "spec", "targetRefs", "0", "name")).isEqualTo("gw-" + ID);
        assertThat(this.<String>at(policy, "spec", "extAuth", "grpc", "backendRefs", "0", "name"))
                .isEqualTo(expected.authService());
        if (expected.cidrs().isEmpty()) {
            assertThat(this.<Object>at(policy, "spec", "authorization")).isNull();
        } else {
            assertThat(this.<String>at(policy, "spec", "authorization", "defaultAction")).isEqualTo("Deny");
            assertThat(this.<String>at(policy, "spec", "authorization", "rules", "0", "action")).isEqualTo("Allow");
            assertThat(this.<List<String>>at(policy, "spec", "authorization", "rules", "0", "principal",
                    "clientCIDRs")).containsExactlyElementsOf(expected.cidrs());
        }

        switch (expected.routeMatch()) {
            case "openai" -> {
                GenericKubernetesResource route = of(objects, ManagedKind.AI_GATEWAY_ROUTE);
                assertThat(this.<String>at(route, "spec", "schema", "name")).isEqualTo("OpenAI");
                assertThat(this.<String>at(route, "spec", "parentRefs", "0", "name")).isEqualTo("gw-" + ID);
                assertThat(this.<List<?>>at(route, "spec", "rules")).isEmpty();
            }
            case "path=PathPrefix:/" -> {
                GenericKubernetesResource route = of(objects, ManagedKind.HTTP_ROUTE);
                assertThat(this.<String>at(route, "spec", "rules", "0", "matches", "0", "path", "value")).isEqualTo("/");
                assertThat(this.<Object>at(route, "spec", "rules", "0", "backendRefs")).as("no models yet").isNull();
            }
            default -> {
                GenericKubernetesResource route = of(objects, ManagedKind.HTTP_ROUTE);
                assertThat(this.<String>at(route, "spec", "rules", "0", "matches", "0", "headers", "0", "name"))
                        .isEqualTo(expected.routeMatch().substring("header=".length()));
                assertThat(this.<String>at(route, "spec", "parentRefs", "0", "kind")).isEqualTo("Gateway");
            }
        }

        String base64Key = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
        for (DesiredObject object : objects) {
            String json = MockZone.JSON.asJson(object.object());
            if (object.kind() == ManagedKind.SECRET) {
                assertThat(this.<Map<String, String>>at(object.object(), "data")).containsEntry("api-key", base64Key);
            } else {
                assertThat(json).as(object.kind().kind()).doesNotContain(KEY).doesNotContain(base64Key);
            }
        }
    }

    @Test
    void theZonesOwnHostIsNotListenedForTwice() {
        ZoneTarget base = target(new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), null));
        GatewaySpec spec = new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), new EndpointConfiguration(List.of(base.hostname().toUpperCase()), null));
        List<Map<String, Object>> listeners = at(of(RENDERER.render(target(spec)), ManagedKind.GATEWAY), "spec",
                "listeners");
        assertThat(listeners).hasSize(1);
    }

    @Test
    void weightsAndBiasesOptionsAreAnnotationsOfThePolicyThatNamesTheSecret() {
        GatewaySpec spec = new GatewaySpec("b", List.of(), null, new WeightsAndBiasesAuth(KEY,
                "https://wandb.example", true, false), null, null, new PathBasedRouting(), null);
        GenericKubernetesResource policy = of(RENDERER.render(target(spec)), ManagedKind.SECURITY_POLICY);
        assertThat(policy.getMetadata().getAnnotations()).containsEntry(Labels.AUTH, "wandb")
                .containsEntry(Labels.WANDB_CREDENTIALS_SECRET, "gw-" + ID + "-wandb")
                .containsEntry(Labels.WANDB_SERVER_URL, "https://wandb.example")
                .containsEntry(Labels.WANDB_USAGE_REPORTS, "true")
                .containsEntry(Labels.WANDB_RATE_LIMITING, "false");
        assertThat(this.<Integer>at(policy, "spec", "extAuth", "grpc", "backendRefs", "0", "port")).isEqualTo(9002);
        assertThat(this.<String>at(policy, "spec", "extAuth", "grpc", "backendRefs", "0", "namespace"))
                .isEqualTo("inference-system");
    }

    @Test
    void aClusterIssuerIsNamedOnTheGatewayForCertManager() {
        GatewayObjectRenderer withIssuer = new GatewayObjectRenderer(new RenderSettings("ns", "eg",
                SETTINGS.coreweaveAuth(), SETTINGS.wandbAuth(), Optional.of("letsencrypt"), "ClusterIP", 1));
        GatewaySpec spec = new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), null);
        GenericKubernetesResource gateway = of(withIssuer.render(target(spec)), ManagedKind.GATEWAY);
        assertThat(gateway.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer",
                "letsencrypt");
        assertThat(of(RENDERER.render(target(spec)), ManagedKind.GATEWAY).getMetadata().getAnnotations())
                .doesNotContainKey("cert-manager.io/cluster-issuer");
    }

    @Test
    void anOrganizationIdThatIsNoLabelValueIsDigestedInTheLabelAndKeptInAnAnnotation() {
        GatewaySpec spec = new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), null);
        ZoneTarget target = new ZoneTarget(ID, "Acme Corp / EU", "US-EAST-04A", 1, "h.example.com", spec);
        var meta = RENDERER.render(target).get(0).object().getMetadata();
        assertThat(meta.getLabels().get(Labels.ORGANIZATION_ID)).matches("sha256-[0-9a-f]{32}");
        assertThat(meta.getAnnotations()).containsEntry(Labels.ORGANIZATION_ANNOTATION, "Acme Corp / EU");
        assertThat(Labels.safeValue("acme")).isEqualTo("acme");
    }

    @Test
    void theManagedEdgeHopsDecideTheClientAddress() {
        GatewaySpec spec = new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), null);
        GenericKubernetesResource clients = of(RENDERER.render(target(spec)), ManagedKind.CLIENT_TRAFFIC_POLICY);
        assertThat(this.<Integer>at(clients, "spec", "clientIPDetection", "xForwardedFor", "numTrustedHops"))
                .isEqualTo(1);
        assertThat(this.<String>at(clients, "spec", "targetRefs", "0", "name")).isEqualTo("gw-" + ID);
    }

    static RenderSettings authServices(String coreweave, String wandb) {
        return new RenderSettings("inference-gateways", "eg", ServiceRef.parseOrNone("c", coreweave),
                ServiceRef.parseOrNone("w", wandb), Optional.empty(), "ClusterIP", 1);
    }

    /**
     * What a spec renders to when an auth service may be {@code none}: the ext_authz service its SecurityPolicy names
     * (null: no extAuth), its source ranges, and the Gateway's {@code auth} annotation (null: none).
     */
    record WithoutAuthz(List<String> kinds, String authService, List<String> cidrs, String gatewayAuth) {
    }

    static Stream<Arguments> authServiceNone() {
        GatewaySpec coreweave = new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), null);
        GatewaySpec coreweaveRanges = new GatewaySpec("a", List.of(), new CoreWeaveAuth(), null, null, null,
                new PathBasedRouting(), new EndpointConfiguration(List.of(), List.of("10.0.0.0/8"),
                        EdgeProxyMode.EDGE_PROXY_MODE_DIRECT));
        GatewaySpec wandb = new GatewaySpec("b", List.of(), null, new WeightsAndBiasesAuth(KEY,
                "https://wandb.example", true, true), null, new HeaderBasedRouting("X-Model"), null, null);
        GatewaySpec wandbRanges = new GatewaySpec("b", List.of(), null, new WeightsAndBiasesAuth(KEY, null, true,
                false), null, null, new PathBasedRouting(), new EndpointConfiguration(List.of(),
                        List.of("192.168.0.0/16"), EdgeProxyMode.EDGE_PROXY_MODE_DIRECT));
        String cw = "coreweave-iam-authz.inference-system:9001";
        String wb = "wandb-authz.inference-system:9002";
        return Stream.of(
                Arguments.of("CoreWeave none, no source ranges: no SecurityPolicy at all", authServices("none", wb),
                        coreweave, new WithoutAuthz(List.of("Gateway", "EnvoyProxy", "ClientTrafficPolicy",
                                "HTTPRoute"), null, List.of(), "none")),
                Arguments.of("CoreWeave none, source ranges: a SecurityPolicy with the ranges only",
                        authServices("NONE", wb), coreweaveRanges, new WithoutAuthz(List.of("Gateway", "EnvoyProxy",
                                "SecurityPolicy", "HTTPRoute"), null, List.of("10.0.0.0/8"), "none")),
                Arguments.of("W&B none: neither the key's Secret nor a SecurityPolicy", authServices(cw, " none "),
                        wandb, new WithoutAuthz(List.of("Gateway", "EnvoyProxy", "ClientTrafficPolicy", "HTTPRoute"),
                                null, List.of(), "none")),
                Arguments.of("W&B none, source ranges: the ranges only, no key", authServices(cw, "none"),
                        wandbRanges, new WithoutAuthz(List.of("Gateway", "EnvoyProxy", "SecurityPolicy",
                                "HTTPRoute"), null, List.of("192.168.0.0/16"), "none")),
                Arguments.of("W&B none leaves CoreWeave gateways authorized", authServices(cw, "none"), coreweave,
                        new WithoutAuthz(List.of("Gateway", "EnvoyProxy", "SecurityPolicy", "ClientTrafficPolicy",
                                "HTTPRoute"), "coreweave-iam-authz", List.of(), null)),
                Arguments.of("CoreWeave none leaves W&B gateways authorized", authServices("none", wb), wandb,
                        new WithoutAuthz(List.of("Gateway", "EnvoyProxy", "Secret", "SecurityPolicy",
                                "ClientTrafficPolicy", "HTTPRoute"), "wandb-authz", List.of(), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authServiceNone")
    void anAuthServiceSetToNoneRendersNoExternalAuthorization(String name, RenderSettings settings, GatewaySpec spec,
            WithoutAuthz expected) {
        List<DesiredObject> objects = new GatewayObjectRenderer(settings).render(target(spec));
        assertThat(objects).extracting(o -> o.kind().kind()).containsExactlyElementsOf(expected.kinds());
        assertThat(of(objects, ManagedKind.GATEWAY).getMetadata().getAnnotations().get(Labels.AUTH))
                .isEqualTo(expected.gatewayAuth());

        GenericKubernetesResource policy = of(objects, ManagedKind.SECURITY_POLICY);
        if (policy != null) {
            assertThat(this.<String>at(policy, "spec", "targetRefs", "0", "name")).isEqualTo("gw-" + ID);
            if (expected.authService() == null) {
                assertThat(this.<Object>at(policy, "spec", "extAuth")).isNull();
                assertThat(policy.getMetadata().getAnnotations()).containsEntry(Labels.AUTH, "none")
                        .doesNotContainKey(Labels.WANDB_CREDENTIALS_SECRET);
            } else {
                assertThat(this.<String>at(policy, "spec", "extAuth", "grpc", "backendRefs", "0", "name"))
                        .isEqualTo(expected.authService());
                assertThat(this.<Boolean>at(policy, "spec", "extAuth", "failOpen")).isFalse();
            }
            if (expected.cidrs().isEmpty()) {
                assertThat(this.<Object>at(policy, "spec", "authorization")).isNull();
            } else {
                assertThat(this.<String>at(policy, "spec", "authorization", "defaultAction")).isEqualTo("Deny");
                assertThat(this.<List<String>>at(policy, "spec", "authorization", "rules", "0", "principal",
                        "clientCIDRs")).containsExactlyElementsOf(expected.cidrs());
            }
        }
        if (expected.authService() == null) {
            String base64Key = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
            for (DesiredObject object : objects) {
                assertThat(MockZone.JSON.asJson(object.object())).as(object.kind().kind()).doesNotContain(KEY)
                        .doesNotContain(base64Key);
            }
        }
    }

    @Test
    void theDefaultsNameTheServicesAndNoneIsTheOnlyWordThatTurnsThemOff() {
        assertThat(ServiceRef.parseOrNone("k", "none")).isEmpty();
        assertThat(ServiceRef.parseOrNone("k", " None ")).isEmpty();
        assertThat(ServiceRef.parseOrNone("k", "authz.system:9001")).contains(new ServiceRef("authz", "system", 9001));
        for (String bad : List.of("", "off", "false", "nonexistent")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceRef.parseOrNone("k", bad))
                    .hasMessageContaining("k must be <service>.<namespace>:<port>")
                    .hasMessageContaining("(or none: no external authorization");
        }
    }

    @Test
    void serviceReferencesAreValidated() {
        assertThat(ServiceRef.parse("k", "authz.system:9001")).isEqualTo(new ServiceRef("authz", "system", 9001));
        for (String bad : List.of("authz:9001", "authz.system", "Authz.system:9001", "authz.system:0",
                "authz.system:70000")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceRef.parse("k", bad))
                    .hasMessageContaining("k must be <service>.<namespace>:<port>");
        }
    }
}
