package dev.inference.gateway.domain;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * How traffic reaches a gateway. {@code MANAGED}: through the managed edge (DDoS filtering, WAF, TLS terminated at
 * the edge, the origin kept out of public DNS); {@code DIRECT}: clients reach the gateway's load balancer directly.
 * Unset (or {@code UNSPECIFIED}) means the platform default, MANAGED.
 */
public enum EdgeProxyMode {
    EDGE_PROXY_MODE_UNSPECIFIED(0),
    EDGE_PROXY_MODE_MANAGED(1),
    EDGE_PROXY_MODE_DIRECT(2);

    private final int number;

    EdgeProxyMode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Accepts the name or the number, as older clients send numbers. */
    @JsonCreator
    public static EdgeProxyMode fromJson(Object value) {
        return EnumValues.parse(EdgeProxyMode.class, value, EdgeProxyMode::number);
    }

    /** The mode in effect: unset and UNSPECIFIED mean MANAGED. */
    public static EdgeProxyMode effective(EdgeProxyMode mode) {
        return mode == EDGE_PROXY_MODE_DIRECT ? EDGE_PROXY_MODE_DIRECT : EDGE_PROXY_MODE_MANAGED;
    }
}
