package dev.inference.gateway.rollout.kubernetes;

import java.util.Optional;

/**
 * What the objects of every gateway share in a zone: where they live and which cluster services they use.
 *
 * @param namespace              namespace of every object
 * @param gatewayClassName       {@code spec.gatewayClassName} of the Gateway
 * @param coreweaveAuth          external authorization service for CoreWeave IAM; empty: none (no ext_authz for
 *                               gateways with CoreWeave auth, development zones only)
 * @param wandbAuth              external authorization service for Weights &amp; Biases; empty: none (likewise)
 * @param clusterIssuer          cert-manager ClusterIssuer named on the Gateway, if any
 * @param managedServiceType     Service type of the proxy in MANAGED mode (reached by the managed edge)
 * @param managedEdgeTrustedHops X-Forwarded-For hops added by the managed edge (client IP detection)
 */
public record RenderSettings(String namespace, String gatewayClassName, Optional<ServiceRef> coreweaveAuth,
        Optional<ServiceRef> wandbAuth, Optional<String> clusterIssuer, String managedServiceType, int managedEdgeTrustedHops) {
}
