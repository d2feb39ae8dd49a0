package dev.inference.gateway.api.dto;

/** The contract's Gateway object. */
public record GatewayDto(GatewaySpecDto spec, GatewayStatusDto status) {
}
