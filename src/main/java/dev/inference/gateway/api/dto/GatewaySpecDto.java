package dev.inference.gateway.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import java.util.List;

/** GatewaySpec as answered: the unset options are left out, the secret never appears. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewaySpecDto(
        String id,
        String name,
        List<String> zones,
        String organizationId,
        CoreWeaveAuth coreWeaveAuth,
        WeightsAndBiasesAuth weightsAndBiasesAuth,
        BodyBasedRouting bodyBasedRouting,
        HeaderBasedRouting headerBasedRouting,
        PathBasedRouting pathBasedRouting,
        EndpointConfiguration endpointConfiguration) {
}
