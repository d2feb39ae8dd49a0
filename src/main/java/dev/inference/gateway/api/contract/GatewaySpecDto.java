package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.inference.gateway.domain.GatewaySpec;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The contract's GatewaySpec on the wire: the domain's {@link GatewaySpec} (whose record components are the one
 * declaration of the spec's fields) with the two members the server owns beside it. In requests (create, full
 * update, the members of a merge patch) {@code id} is optional and {@code organizationId} is ignored (output only);
 * in answers the unused options are absent and the {@code apiKey} never appears (see {@link JacksonCustomizer}).
 */
@Schema(name = "GatewaySpec")
public record GatewaySpecDto(
        @Schema(description = "UUID; server-assigned on create unless the client supplies one") String id,
        @Schema(description = "Output only: the caller's organization", readOnly = true) String organizationId,
        @JsonUnwrapped GatewaySpec spec) {

    /** The desired spec a request describes (never null: a body without spec members describes an empty one). */
    public GatewaySpec desired() {
        return spec == null ? GatewaySpec.EMPTY : spec;
    }
}
