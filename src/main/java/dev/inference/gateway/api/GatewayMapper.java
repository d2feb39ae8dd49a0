package dev.inference.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.api.dto.GatewayDto;
import dev.inference.gateway.api.dto.GatewaySpecDto;
import dev.inference.gateway.api.dto.GatewayStatusDto;
import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.SpecPatch;
import dev.inference.gateway.domain.SpecPatch.Change;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import java.util.UUID;
import java.util.function.Function;

/** Between the contract's JSON (api.dto) and the domain: specs, gateways and merge patches. */
final class GatewayMapper {
    private GatewayMapper() {
    }

    static GatewayDto toDto(Gateway g) {
        GatewaySpec s = g.spec().withApiKey(null);
        return new GatewayDto(
                new GatewaySpecDto(g.id().toString(), s.name(), s.zones(), g.organizationId(), s.coreWeaveAuth(),
                        s.weightsAndBiasesAuth(), s.bodyBasedRouting(), s.headerBasedRouting(), s.pathBasedRouting(),
                        s.endpointConfiguration()),
                new GatewayStatusDto(g.status(), g.createdAt(), g.updatedAt(), g.conditions(), g.endpoints(),
                        g.generation()));
    }

    /** The spec a request describes (create, full update); {@code organizationId} is output only and ignored. */
    static GatewaySpec toDomain(GatewaySpecDto dto) {
        return new GatewaySpec(dto.name(), dto.zones(), dto.coreWeaveAuth(), dto.weightsAndBiasesAuth(),
                dto.bodyBasedRouting(), dto.headerBasedRouting(), dto.pathBasedRouting(), dto.endpointConfiguration());
    }

    /** The id a create asks for, if any. */
    static UUID requestedId(GatewaySpecDto dto) {
        return dto.id() == null ? null : ContractParams.uuid("id", dto.id());
    }

    /** An {@code id} in the body of an update is optional; if present it must be the one in the path. */
    static void requireSameId(UUID pathId, String bodyId) {
        if (bodyId != null && !ContractParams.uuid("id", bodyId).equals(pathId)) {
            throw new InvalidArgumentException("id", "must equal the id in the path");
        }
    }

    /** An RFC 7396 merge patch as data: the tree says what is kept, removed or set; the typed values say to what. */
    static SpecPatch toPatch(MergePatchBody body) {
        ObjectNode tree = body.tree();
        GatewaySpecDto set = body.values();
        return new SpecPatch(
                change(tree, "name", n -> set.name()),
                change(tree, "zones", n -> set.zones()),
                change(tree, "coreWeaveAuth", n -> set.coreWeaveAuth()),
                change(tree, "weightsAndBiasesAuth", n -> {
                    WeightsAndBiasesAuth w = set.weightsAndBiasesAuth();
                    return new SpecPatch.WeightsAndBiasesPatch(change(n, "apiKey", x -> w.apiKey()),
                            change(n, "serverUrl", x -> w.serverUrl()),
                            change(n, "enableUsageReports", x -> w.enableUsageReports()),
                            change(n, "enableRateLimiting", x -> w.enableRateLimiting()));
                }),
                change(tree, "bodyBasedRouting", n -> {
                    BodyBasedRouting b = set.bodyBasedRouting();
                    return new SpecPatch.BodyRoutingPatch(change(n, "apiType", x -> b.apiType()));
                }),
                change(tree, "headerBasedRouting", n -> {
                    HeaderBasedRouting h = set.headerBasedRouting();
                    return new SpecPatch.HeaderRoutingPatch(change(n, "headerName", x -> h.headerName()));
                }),
                change(tree, "pathBasedRouting", n -> set.pathBasedRouting()),
                change(tree, "endpointConfiguration", n -> {
                    EndpointConfiguration e = set.endpointConfiguration();
                    return new SpecPatch.EndpointsPatch(change(n, "additionalDns", x -> e.additionalDns()),
                            change(n, "allowedSourceIpRanges", x -> e.allowedSourceIpRanges()),
                            change(n, "edgeProxyMode", x -> e.edgeProxyMode()));
                }));
    }

    private static <T> Change<T> change(JsonNode object, String member, Function<JsonNode, T> value) {
        JsonNode node = object.get(member);
        if (node == null) {
            return Change.keep();
        }
        return node.isNull() ? new Change.Remove<>() : new Change.Set<>(value.apply(node));
    }
}
