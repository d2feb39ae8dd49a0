package dev.inference.gateway.service;

import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.SpecPatch;

/** How an update describes the new desired spec. */
public sealed interface SpecChange {

    /** {@code application/json}: the complete desired spec; an omitted endpointConfiguration keeps the stored one. */
    record Replace(GatewaySpec desired) implements SpecChange {
    }

    /** {@code application/merge-patch+json}: an RFC 7396 merge patch of the stored spec. */
    record Patch(SpecPatch patch) implements SpecChange {
    }
}
