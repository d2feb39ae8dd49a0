package dev.inference.gateway.rollout.kubernetes;

import dev.inference.gateway.domain.ApiType;
import dev.inference.gateway.domain.EdgeProxyMode;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import dev.inference.gateway.rollout.ZoneTarget;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Renders the objects that serve one gateway in one zone from its spec. Pure: no I/O, the same target always gives
 * the same objects, so it is tested table-driven (spec in, objects out). The mapping of every spec field is the
 * table in docs/kubernetes-zones.md.
 */
public final class GatewayObjectRenderer {
    static final String GATEWAY_API_GROUP = "gateway.networking.k8s.io";
    static final String LISTENER_OWN_HOST = "https";
    static final String API_KEY = "api-key";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final RenderSettings settings;

    public GatewayObjectRenderer(RenderSettings settings) {
        this.settings = settings;
    }

    public RenderSettings settings() {
        return settings;
    }

    /** Every object of the target, in apply order (the Gateway first). */
    public List<DesiredObject> render(ZoneTarget target) {
        GatewaySpec spec = target.spec();
        List<DesiredObject> objects = new ArrayList<>();
        objects.add(gateway(target));
        objects.add(envoyProxy(target));
        // The W&B authorizer is the key's only reader: without one (none), the key stays out of the zone.
        if (spec.weightsAndBiasesAuth() != null && authService(spec).isPresent()) {
            objects.add(wandbSecret(target, spec.weightsAndBiasesAuth()));
        }
        securityPolicy(target).ifPresent(objects::add);
        if (edgeMode(spec) == EdgeProxyMode.EDGE_PROXY_MODE_MANAGED) {
            objects.add(clientTrafficPolicy(target));
        }
        objects.add(spec.bodyBasedRouting() != null ? aiGatewayRoute(target) : httpRoute(target));
        return List.copyOf(objects);
    }

    /** Metadata every object shares: labels that select the gateway's objects, the generation it carries. */
    ObjectMeta metadata(ZoneTarget target, ManagedKind kind, Map<String, String> extraAnnotations) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.GATEWAY_ID, target.gatewayId().toString());
        labels.put(Labels.ORGANIZATION_ID, Labels.safeValue(target.organizationId()));
        labels.put(Labels.ZONE, Labels.safeValue(target.zone()));
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.GENERATION, Long.toString(target.generation()));
        annotations.put(Labels.ORGANIZATION_ANNOTATION, target.organizationId());
        annotations.putAll(extraAnnotations);
        return new ObjectMetaBuilder().withName(ObjectNames.of(kind, target.gatewayId()))
                .withNamespace(settings.namespace()).withLabels(labels).withAnnotations(annotations).build();
    }

    /**
     * The Gateway: one HTTPS listener per host name (a listener has one host name): {@code https} for the zone's
     * own host, {@code dns-<n>} for each additional DNS name; TLS is terminated with the certificate Secret
     * {@code gw-<id>-tls}; the proxy's infrastructure comes from the gateway's EnvoyProxy.
     */
    DesiredObject gateway(ZoneTarget target) {
        UUID id = target.gatewayId();
        List<Listener> listeners = new ArrayList<>();
        listeners.add(listener(LISTENER_OWN_HOST, target.hostname(), id));
        // Two listeners with one host name and port would conflict: each name gets one listener.
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add(target.hostname().toLowerCase(Locale.ROOT));
        int n = 0;
        for (String name : target.spec().additionalDns()) {
            String host = name.toLowerCase(Locale.ROOT);
            if (hosts.add(host)) {
                listeners.add(listener("dns-" + n++, host, id));
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.GATEWAY_NAME, target.spec().name());
        settings.clusterIssuer().ifPresent(issuer -> annotations.put("cert-manager.io/cluster-issuer", issuer));
        if (authService(target.spec()).isEmpty()) {
            annotations.put(Labels.AUTH, ServiceRef.NONE); // so that unauthenticated gateways can be listed
        }
        var gateway = new GatewayBuilder()
                .withMetadata(metadata(target, ManagedKind.GATEWAY, annotations))
                .withNewSpec()
                .withGatewayClassName(settings.gatewayClassName())
                .withNewInfrastructure()
                .withLabels(Map.of(Labels.EDGE_PROXY_MODE, edgeModeLabel(target.spec())))
                .withNewParametersRef("gateway.envoyproxy.io", ManagedKind.ENVOY_PROXY.kind(),
                        ObjectNames.of(ManagedKind.ENVOY_PROXY, id))
                .endInfrastructure()
                .withListeners(listeners)
                .endSpec()
                .build();
        return generic(ManagedKind.GATEWAY, gateway);
    }

    private static Listener listener(String name, String hostname, UUID id) {
        return new ListenerBuilder().withName(name).withHostname(hostname).withPort(443).withProtocol("HTTPS")
                .withNewTls().withMode("Terminate")
                .addNewCertificateRef().withKind("Secret").withName(ObjectNames.tlsSecret(id)).endCertificateRef()
                .endTls()
                .withNewAllowedRoutes().withNewNamespaces().withFrom("Same").endNamespaces().endAllowedRoutes()
                .build();
    }

    /**
     * The proxy's infrastructure, which carries the edge proxy mode. DIRECT: clients reach the proxy's own load
     * balancer (with {@code externalTrafficPolicy: Local}, so that the client address survives for the source
     * range rules). MANAGED (the default): the proxy's Service stays internal ({@code managed-service-type},
     * ClusterIP by default) and only the managed edge reaches it.
     */
    DesiredObject envoyProxy(ZoneTarget target) {
        boolean direct = edgeMode(target.spec()) == EdgeProxyMode.EDGE_PROXY_MODE_DIRECT;
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("type", direct ? "LoadBalancer" : settings.managedServiceType());
        if (direct) {
            service.put("externalTrafficPolicy", "Local");
        }
        Map<String, Object> spec = Map.of("provider", Map.of("type", "Kubernetes",
                "kubernetes", Map.of("envoyService", service)));
        return crd(ManagedKind.ENVOY_PROXY, metadata(target, ManagedKind.ENVOY_PROXY, Map.of()), spec);
    }

    /** The only object that holds the W&amp;B API key. */
    DesiredObject wandbSecret(ZoneTarget target, WeightsAndBiasesAuth auth) {
        Map<String, String> data = new LinkedHashMap<>();
        if (auth.apiKey() != null) {
            data.put(API_KEY, Base64.getEncoder().encodeToString(auth.apiKey().getBytes(StandardCharsets.UTF_8)));
        }
        var secret = new SecretBuilder().withMetadata(metadata(target, ManagedKind.SECRET, Map.of()))
                .withType("Opaque").withData(data).build();
        return generic(ManagedKind.SECRET, secret);
    }

    /**
     * The external authorization service of the gateway's auth option (CoreWeave IAM or W&amp;B); empty when that
     * option's service is configured as {@code none}.
     */
    Optional<ServiceRef> authService(GatewaySpec spec) {
        return spec.weightsAndBiasesAuth() != null ? settings.wandbAuth() : settings.coreweaveAuth();
    }

    /**
     * Authentication by external authorization (gRPC ext_authz) at the CoreWeave IAM or the W&amp;B service, and,
     * when {@code allowedSourceIpRanges} is set, a client-CIDR allowlist: allow those ranges, deny the rest. Empty
     * when there is nothing to enforce: the auth option's service is {@code none} and there are no source ranges.
     */
    Optional<DesiredObject> securityPolicy(ZoneTarget target) {
        GatewaySpec spec = target.spec();
        UUID id = target.gatewayId();
        boolean wandb = spec.weightsAndBiasesAuth() != null;
        Optional<ServiceRef> service = authService(spec);
        List<String> ranges = allowedRanges(spec);
        if (service.isEmpty() && ranges.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.AUTH, service.isEmpty() ? ServiceRef.NONE : wandb ? "wandb" : "coreweave");
        if (wandb && service.isPresent()) {
            WeightsAndBiasesAuth auth = spec.weightsAndBiasesAuth();
            annotations.put(Labels.WANDB_CREDENTIALS_SECRET, ObjectNames.of(ManagedKind.SECRET, id));
            if (auth.serverUrl() != null) {
                annotations.put(Labels.WANDB_SERVER_URL, auth.serverUrl());
            }
            annotations.put(Labels.WANDB_USAGE_REPORTS, Boolean.toString(Boolean.TRUE.equals(auth.enableUsageReports())));
            annotations.put(Labels.WANDB_RATE_LIMITING, Boolean.toString(Boolean.TRUE.equals(auth.enableRateLimiting())));
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("targetRefs", List.of(gatewayTargetRef(id)));
        service.ifPresent(authz -> policy.put("extAuth", Map.of(
                "grpc", Map.of("backendRefs", List.of(Map.of(
                        "name", authz.name(), "namespace", authz.namespace(), "port", authz.port()))),
                "failOpen", false)));
        if (!ranges.isEmpty()) {
            policy.put("authorization", Map.of(
                    "defaultAction", "Deny",
                    "rules", List.of(Map.of(
                            "name", "allowed-source-ranges",
                            "action", "Allow",
                            "principal", Map.of("clientCIDRs", ranges)))));
        }
        return Optional.of(crd(ManagedKind.SECURITY_POLICY, metadata(target, ManagedKind.SECURITY_POLICY,
                annotations), policy));
    }

    /**
     * MANAGED mode only: the client address is the first one the managed edge puts in X-Forwarded-For, so that
     * the source range rules see the client and not the edge.
     */
    DesiredObject clientTrafficPolicy(ZoneTarget target) {
        Map<String, Object> spec = Map.of(
                "targetRefs", List.of(gatewayTargetRef(target.gatewayId())),
                "clientIPDetection", Map.of("xForwardedFor",
                        Map.of("numTrustedHops", settings.managedEdgeTrustedHops())));
        return crd(ManagedKind.CLIENT_TRAFFIC_POLICY, metadata(target, ManagedKind.CLIENT_TRAFFIC_POLICY, Map.of()),
                spec);
    }

    /**
     * Header- and path-based routing: an HTTPRoute attached to the Gateway with one rule that matches what the mode
     * routes on (the header's presence, or any path) and no backends yet: model rules are added before it when
     * deployments attach.
     */
    DesiredObject httpRoute(ZoneTarget target) {
        GatewaySpec spec = target.spec();
        Map<String, String> annotations = new LinkedHashMap<>();
        HTTPRouteMatch match;
        if (spec.headerBasedRouting() != null) {
            String header = spec.headerBasedRouting().headerName();
            annotations.put(Labels.ROUTING, "header");
            annotations.put(Labels.ROUTING_HEADER, header);
            match = new HTTPRouteMatchBuilder().withHeaders(new HTTPHeaderMatchBuilder()
                    .withType("RegularExpression").withName(header).withValue(".+").build()).build();
        } else {
            annotations.put(Labels.ROUTING, "path");
            match = new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue("/").endPath().build();
        }
        var route = new HTTPRouteBuilder()
                .withMetadata(metadata(target, ManagedKind.HTTP_ROUTE, annotations))
                .withNewSpec()
                .withParentRefs(new ParentReferenceBuilder().withGroup(GATEWAY_API_GROUP).withKind("Gateway")
                        .withName(ObjectNames.gateway(target.gatewayId())).build())
                .addNewRule().withMatches(match).endRule()
                .endSpec()
                .build();
        return generic(ManagedKind.HTTP_ROUTE, route);
    }

    /**
     * Body-based routing (OpenAI): an Envoy AI Gateway AIGatewayRoute with the OpenAI schema, which extracts the
     * model from the request body into {@code x-ai-eg-model}; no rules yet (one per model when deployments attach).
     */
    DesiredObject aiGatewayRoute(ZoneTarget target) {
        ApiType apiType = target.spec().bodyBasedRouting().apiType();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("parentRefs", List.of(Map.of("group", GATEWAY_API_GROUP, "kind", "Gateway",
                "name", ObjectNames.gateway(target.gatewayId()))));
        spec.put("schema", Map.of("name", "OpenAI"));
        spec.put("rules", List.of());
        Map<String, String> annotations = Map.of(Labels.ROUTING, "body",
                Labels.API_TYPE, apiType == null ? ApiType.API_TYPE_OPENAI.name() : apiType.name());
        return crd(ManagedKind.AI_GATEWAY_ROUTE, metadata(target, ManagedKind.AI_GATEWAY_ROUTE, annotations), spec);
    }

    private static Map<String, Object> gatewayTargetRef(UUID id) {
        return Map.of("group", GATEWAY_API_GROUP, "kind", "Gateway", "name", ObjectNames.gateway(id));
    }

    static EdgeProxyMode edgeMode(GatewaySpec spec) {
        EndpointConfiguration endpoints = spec.endpointConfiguration();
        return EdgeProxyMode.effective(endpoints == null ? null : endpoints.edgeProxyMode());
    }

    private static String edgeModeLabel(GatewaySpec spec) {
        return edgeMode(spec) == EdgeProxyMode.EDGE_PROXY_MODE_DIRECT ? "direct" : "managed";
    }

    private static List<String> allowedRanges(GatewaySpec spec) {
        EndpointConfiguration endpoints = spec.endpointConfiguration();
        return endpoints == null || endpoints.allowedSourceIpRanges() == null ? List.of()
                : endpoints.allowedSourceIpRanges();
    }

    private static DesiredObject crd(ManagedKind kind, ObjectMeta metadata, Map<String, Object> spec) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(kind.apiVersion());
        resource.setKind(kind.kind());
        resource.setMetadata(metadata);
        resource.setAdditionalProperty("spec", spec);
        return new DesiredObject(kind, resource);
    }

    /** Typed models (checked by the compiler) become generic objects, so that one code path applies every kind. */
    private static DesiredObject generic(ManagedKind kind, HasMetadata typed) {
        GenericKubernetesResource resource = JSON.convertValue(typed, GenericKubernetesResource.class);
        resource.setApiVersion(kind.apiVersion());
        resource.setKind(kind.kind());
        return new DesiredObject(kind, resource);
    }
}
