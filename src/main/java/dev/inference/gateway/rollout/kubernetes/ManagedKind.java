package dev.inference.gateway.rollout.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Every kind of object the driver writes in a zone, with what the client needs to reach it without API discovery
 * (group, version, plural; all namespaced). The order is the order of apply: the Gateway first, because the others
 * are owned by it and a Gateway already carrying a newer generation stops an older apply before it writes anything.
 */
public enum ManagedKind {
    GATEWAY("gateway.networking.k8s.io", "v1", "Gateway", "gateways"),
    ENVOY_PROXY("gateway.envoyproxy.io", "v1alpha1", "EnvoyProxy", "envoyproxies"),
    SECRET("", "v1", "Secret", "secrets"),
    SECURITY_POLICY("gateway.envoyproxy.io", "v1alpha1", "SecurityPolicy", "securitypolicies"),
    CLIENT_TRAFFIC_POLICY("gateway.envoyproxy.io", "v1alpha1", "ClientTrafficPolicy", "clienttrafficpolicies"),
    HTTP_ROUTE("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
    AI_GATEWAY_ROUTE("aigateway.envoyproxy.io", "v1alpha1", "AIGatewayRoute", "aigatewayroutes");

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final ResourceDefinitionContext context;

    ManagedKind(String group, String version, String kind, String plural) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The RBAC resource name: {@code gateways.gateway.networking.k8s.io}, or {@code secrets} for the core group. */
    public String resource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public ResourceDefinitionContext context() {
        return context;
    }

    /** Routes: the kinds whose acceptance by the Gateway is part of convergence. */
    public boolean isRoute() {
        return this == HTTP_ROUTE || this == AI_GATEWAY_ROUTE;
    }

    /** Policies attached to the Gateway: the kinds whose acceptance is part of convergence. */
    public boolean isPolicy() {
        return this == SECURITY_POLICY || this == CLIENT_TRAFFIC_POLICY;
    }
}
