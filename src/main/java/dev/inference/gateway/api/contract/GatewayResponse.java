package dev.inference.gateway.api.contract;

/** {@code {"gateway": Gateway}}: the answer of create, get, update and delete. */
public record GatewayResponse(GatewayDto gateway) {
}
