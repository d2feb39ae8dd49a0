package dev.inference.gateway.rollout.kubernetes;

import java.util.UUID;

/**
 * Names of a gateway's objects in a zone, by convention (documented in docs/kubernetes-zones.md): every name
 * starts with {@code gw-<gateway id>}, so the names are unique per namespace, at most 45 characters, and
 * predictable for people with kubectl. The route kinds have different names because Envoy AI Gateway generates an
 * HTTPRoute named like its AIGatewayRoute.
 */
public final class ObjectNames {
    private ObjectNames() {
    }

    public static String gateway(UUID gatewayId) {
        return "gw-" + gatewayId;
    }

    /** The certificate Secret the HTTPS listeners reference; issued by cert-manager or provided by the operator. */
    public static String tlsSecret(UUID gatewayId) {
        return gateway(gatewayId) + "-tls";
    }

    /** The name of the object of a kind that serves the gateway (one object per kind). */
    public static String of(ManagedKind kind, UUID gatewayId) {
        String base = gateway(gatewayId);
        return switch (kind) {
            case GATEWAY -> base;
            case ENVOY_PROXY -> base + "-proxy";
            case SECRET -> base + "-wandb";
            case SECURITY_POLICY -> base + "-auth";
            case CLIENT_TRAFFIC_POLICY -> base + "-clients";
            case HTTP_ROUTE -> base + "-route";
            case AI_GATEWAY_ROUTE -> base + "-ai";
        };
    }
}
