package dev.inference.gateway.rollout;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * The boundary to whatever programs a zone's data plane. Every call is asynchronous, may be slow, may fail
 * with a {@link ZoneDriverException} (retryable or terminal) and must be safe to repeat: applying a generation
 * a zone already serves, or tearing down a gateway a zone does not have, is a no-op.
 */
public interface ZoneDriver {

    /** Sends the desired spec of a gateway to a zone. */
    Uni<Void> apply(ZoneTarget target);

    /** Whether the zone now serves the target's generation. */
    Uni<Boolean> converged(ZoneTarget target);

    /** Removes the gateway from the zone. */
    Uni<Void> teardown(UUID gatewayId, String zone);
}
