package dev.inference.gateway.service;

import dev.inference.gateway.domain.GatewaySpec;
import java.util.function.UnaryOperator;

/** How a PATCH describes the new desired spec. */
public sealed interface SpecChange {

    /** {@code application/json}: the complete desired spec; an omitted endpointConfiguration keeps the stored one. */
    record Replace(GatewaySpec desired) implements SpecChange {
    }

    /** {@code application/merge-patch+json}: a function of the stored spec (without its secret). */
    record Patch(UnaryOperator<GatewaySpec> patch) implements SpecChange {
    }
}
