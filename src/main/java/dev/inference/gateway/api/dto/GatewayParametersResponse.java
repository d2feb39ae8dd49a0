package dev.inference.gateway.api.dto;

import java.util.List;

/** {@code {"zones": [...]}}: the zones a gateway may be placed in. */
public record GatewayParametersResponse(List<String> zones) {
}
