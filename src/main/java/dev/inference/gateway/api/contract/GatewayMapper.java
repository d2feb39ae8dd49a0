package dev.inference.gateway.api.contract;

import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.Revision;
import java.util.UUID;

/** Between the contract's JSON and the domain: the spec travels as it is, beside the members the server owns. */
public final class GatewayMapper {
    private GatewayMapper() {
    }

    public static GatewayDto toDto(Gateway g) {
        return new GatewayDto(new GatewaySpecDto(g.id().toString(), g.organizationId(), g.spec().withApiKey(null)),
                new GatewayStatusDto(g.status(), g.createdAt(), g.updatedAt(), g.conditions(), g.endpoints(),
                        g.generation(), g.rollout()));
    }

    public static RevisionDto toDto(java.util.UUID gatewayId, String organizationId, Revision r) {
        return new RevisionDto(r.revision(), r.generation(), new GatewaySpecDto(gatewayId.toString(), organizationId,
                r.spec().withApiKey(null)), r.createdAt(), r.outcome(), r.reason());
    }

    /** The id a create asks for, if any. */
    public static UUID requestedId(GatewaySpecDto dto) {
        return dto.id() == null ? null : ContractValues.uuid("id", dto.id());
    }

    /** An {@code id} in the body of an update is optional; if present it must be the one in the path. */
    public static void requireSameId(UUID pathId, String bodyId) {
        if (bodyId != null && !ContractValues.uuid("id", bodyId).equals(pathId)) {
            throw new InvalidArgumentException("id", "must equal the id in the path");
        }
    }
}
