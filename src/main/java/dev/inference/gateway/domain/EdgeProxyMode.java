package dev.inference.gateway.domain;

/**
 * How traffic reaches a gateway. {@code MANAGED}: through the managed edge (DDoS filtering, WAF, TLS terminated at
 * the edge, the origin kept out of public DNS); {@code DIRECT}: clients reach the gateway's load balancer directly.
 * Unset (or {@code UNSPECIFIED}) means the platform default, MANAGED.
 */
public enum EdgeProxyMode implements ContractEnum {
    EDGE_PROXY_MODE_UNSPECIFIED(0),
    EDGE_PROXY_MODE_MANAGED(1),
    EDGE_PROXY_MODE_DIRECT(2);

    private final int number;

    EdgeProxyMode(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }

    /** The mode in effect: unset and UNSPECIFIED mean MANAGED. */
    public static EdgeProxyMode effective(EdgeProxyMode mode) {
        return mode == EDGE_PROXY_MODE_DIRECT ? EDGE_PROXY_MODE_DIRECT : EDGE_PROXY_MODE_MANAGED;
    }
}
