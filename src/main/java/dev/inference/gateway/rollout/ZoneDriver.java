package dev.inference.gateway.rollout;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * The boundary to whatever programs a zone's data plane. Every call is asynchronous, may be slow, may fail with a
 * {@link ZoneDriverException} (retryable or terminal) and must be safe to repeat: applying a generation a zone
 * already carries, or tearing down a gateway a zone does not have, changes nothing. A driver never lets an older
 * generation replace a newer one that is already in the zone.
 */
public interface ZoneDriver {

    /** Programs the zone to serve the target (a no-op for what already carries its generation) and reports what the zone shows now. */
    Uni<ZoneObservation> apply(ZoneTarget target);

    /** Removes everything the gateway has in the zone; answers {@code true} once nothing of it is left. */
    Uni<Boolean> teardown(UUID gatewayId, String zone);
}
