package dev.inference.gateway.rollout;

import java.util.List;

/**
 * What a zone reports about one gateway after an apply.
 *
 * @param converged whether the zone serves the generation that was applied
 * @param endpoints the URLs the zone serves the gateway at (as the zone reports them), when converged
 * @param reason    why it has not converged yet, as the zone says it (a CamelCase word such as {@code AddressNotAssigned}), or null
 * @param message   the zone's own explanation, for people, or null
 */
public record ZoneObservation(boolean converged, List<String> endpoints, String reason, String message) {

    public static ZoneObservation converged(List<String> endpoints) {
        return new ZoneObservation(true, List.copyOf(endpoints), null, null);
    }

    /** Not converged yet; {@code reason} and {@code message} may be null when the zone gives none. */
    public static ZoneObservation pending(String reason, String message) {
        return new ZoneObservation(false, List.of(), reason, message);
    }
}
