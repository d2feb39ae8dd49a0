package dev.inference.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the Kubernetes zone driver ({@code rollout.kubernetes.*}, used when {@code rollout.driver=kubernetes}).
 * Each zone of {@code gateway.zones} is one cluster, reached with an API server URL and a bearer token, or with a
 * context of the kubeconfig named by {@code KUBECONFIG}. See docs/kubernetes-zones.md.
 */
@ConfigMapping(prefix = "rollout.kubernetes")
public interface KubernetesDriverConfig {

    /** Namespace that holds every gateway's objects in a zone cluster (a zone may override it). */
    @WithDefault("inference-gateways")
    String namespace();

    /** {@code spec.gatewayClassName} of every Gateway: the class of the Envoy Gateway installation of the zone. */
    @WithDefault("eg")
    String gatewayClassName();

    /**
     * One entry per zone, keyed by the zone's name as in {@code gateway.zones} ({@code "US-EAST-04A"}; matched
     * ignoring case, {@code -} and {@code _}, so that environment variables can name it).
     */
    Map<String, Zone> zones();

    /** Longest wait for a TCP/TLS connection to a zone's API server. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for one answer of a zone's API server. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Threads per zone that make the (blocking) API calls; a slow zone cannot take another zone's threads. */
    @WithDefault("4")
    int threadsPerZone();

    /** How often a write that lost a race (409 Conflict) is retried against the object just read, per object. */
    @WithDefault("3")
    int conflictRetries();

    /**
     * External authorization service for CoreWeave IAM, {@code <service>.<namespace>:<port>} (gRPC ext_authz), named
     * by the SecurityPolicy of every gateway with {@code coreWeaveAuth}. {@code none}: no external authorization for
     * those gateways, whose endpoints then answer callers without credentials (development zones only; a WARN at
     * start says so).
     */
    @WithDefault("coreweave-iam-authz.inference-system:9001")
    String coreweaveAuthService();

    /**
     * External authorization service for Weights &amp; Biases, {@code <service>.<namespace>:<port>} (gRPC ext_authz),
     * named by the SecurityPolicy of every gateway with {@code weightsAndBiasesAuth}. {@code none}: as for
     * {@link #coreweaveAuthService()}, and the gateway's API key is not written to the zone.
     */
    @WithDefault("wandb-authz.inference-system:9001")
    String wandbAuthService();

    /**
     * cert-manager ClusterIssuer that issues each Gateway's certificate (Secret {@code gw-<id>-tls}) through
     * cert-manager's Gateway support; unset: the Secret is provided by other means.
     */
    Optional<String> clusterIssuer();

    /**
     * Service type of a gateway's proxy in MANAGED edge mode, where only the managed edge reaches it (DIRECT mode
     * always uses LoadBalancer).
     */
    @WithDefault("ClusterIP")
    String managedServiceType();

    /** X-Forwarded-For hops the managed edge adds, to find the client address for allowedSourceIpRanges. */
    @WithDefault("1")
    int managedEdgeTrustedHops();

    /** How one zone cluster is reached: {@code api-server} with {@code token} or {@code token-file}, or {@code context}. */
    interface Zone {
        /** URL of the zone's API server, {@code https://host:6443}. */
        Optional<String> apiServer();

        /** Bearer token (a ServiceAccount token, see deploy/zone-rbac.yml). Never logged. */
        Optional<String> token();

        /** File holding the bearer token; read again when it changes (projected, rotated tokens). */
        Optional<String> tokenFile();

        /** PEM file of the CA that signed the API server's certificate; unset: the JVM's trust store. */
        Optional<String> caFile();

        /** A context of the kubeconfig named by {@code KUBECONFIG} (instead of api-server and token). */
        Optional<String> context();

        /** Namespace for this zone, if not {@code rollout.kubernetes.namespace}. */
        Optional<String> namespace();
    }
}
