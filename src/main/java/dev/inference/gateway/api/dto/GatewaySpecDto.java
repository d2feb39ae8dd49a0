package dev.inference.gateway.api.dto;

import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The contract's GatewaySpec on the wire, in requests (create, full update, the members of a merge patch) and in
 * answers: auth and routing options are siblings of {@code name} and {@code zones}. In requests {@code id} is
 * optional and {@code organizationId} is ignored (output only); in answers the unused options are absent and the
 * {@code apiKey} never appears (see {@code JacksonCustomizer}).
 */
@Schema(name = "GatewaySpec")
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
