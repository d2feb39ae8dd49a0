package dev.inference.gateway.api.contract;

import java.util.List;

/** {@code {"zones": [...]}}: the zones a gateway may be placed in. */
public record GatewayParametersResponse(List<String> zones) {
}
