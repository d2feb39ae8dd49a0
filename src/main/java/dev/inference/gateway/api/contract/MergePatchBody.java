package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.InvalidArgumentException;

/**
 * An {@code application/merge-patch+json} body: the id it names, if any (it must be the path's), and the patch
 * itself, checked already to hold only members of the right types (it was read as a {@link GatewaySpecDto}).
 */
public final class MergePatchBody {
    private final String id;
    private final ObjectNode patch;
    private final ObjectMapper mapper;

    public MergePatchBody(String id, ObjectNode tree, ObjectMapper mapper) {
        this.id = id;
        this.patch = tree.deepCopy();
        this.patch.remove("id"); // server-owned members: the id is checked against the path, the organization ignored
        this.patch.remove("organizationId");
        this.mapper = mapper;
    }

    public String id() {
        return id;
    }

    /** The draft the patch makes of a stored spec (given without its secret). */
    public GatewaySpec applyTo(GatewaySpec stored) {
        try {
            return mapper.treeToValue(JsonMergePatch.apply(mapper.valueToTree(stored), patch), GatewaySpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // cannot happen for a patch that was read as a GatewaySpecDto; answered as the client's mistake anyway
            throw new InvalidArgumentException("body", "does not merge into the stored spec");
        }
    }
}
