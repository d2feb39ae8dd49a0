package dev.inference.gateway.service;

import dev.inference.gateway.domain.GatewaySpec;
import java.util.function.UnaryOperator;

/** How an update describes the new desired spec: as a draft made from the stored one. */
public sealed interface SpecChange {

    /**
     * The draft of the new spec, from the stored spec (given without its secret): the validator still has to accept
     * it, and a stored secret the draft does not replace is carried over by the service.
     */
    GatewaySpec draft(GatewaySpec stored);

    /**
     * {@code application/json}: the complete desired spec. An omitted {@code endpointConfiguration} keeps the stored
     * one (upstream's rule), and so does an omitted {@code rolloutPolicy} (a client that does not know the field,
     * such as Terraform, never resets it).
     */
    record Replace(GatewaySpec desired) implements SpecChange {
        @Override
        public GatewaySpec draft(GatewaySpec stored) {
            GatewaySpec draft = desired.endpointConfiguration() == null
                    ? desired.withEndpointConfiguration(stored.endpointConfiguration())
                    : desired;
            return draft.rolloutPolicy() == null ? draft.withRolloutPolicy(stored.rolloutPolicy()) : draft;
        }
    }

    /** {@code application/merge-patch+json}: an RFC 7396 merge patch of the stored spec. */
    record Patch(UnaryOperator<GatewaySpec> merge) implements SpecChange {
        @Override
        public GatewaySpec draft(GatewaySpec stored) {
            return merge.apply(stored);
        }
    }
}
