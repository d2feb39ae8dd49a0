package dev.inference.gateway.api.contract;

/** The contract's Gateway object. */
public record GatewayDto(GatewaySpecDto spec, GatewayStatusDto status) {
}
