package dev.inference.gateway.rollout.kubernetes;

import dev.inference.gateway.rollout.ZoneObservation;
import dev.inference.gateway.rollout.ZoneTarget;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads from the objects a zone holds whether it serves a generation, and where. The zone has converged when its
 * Gateway (carrying the generation) is {@code Programmed=True} for its current {@code metadata.generation} and has
 * an address, and its route and policies are {@code Accepted=True}; the endpoint is {@code https://} plus the host
 * name of the listener of the zone's own host. Anything else is pending, with the cluster's own reason and message.
 *
 * <p>Freshness: a condition counts only if its {@code observedGeneration} equals the object's
 * {@code metadata.generation}; when either is missing (a controller or a test server that does not set it), the
 * condition is taken as it is, and the generation annotation (checked before) is what ties the status to the spec.
 */
final class ConvergenceReader {
    static final String TRUE = "True";

    private ConvergenceReader() {
    }

    static ZoneObservation read(ZoneTarget target, Map<ManagedKind, GenericKubernetesResource> current) {
        GenericKubernetesResource gateway = current.get(ManagedKind.GATEWAY);
        String gatewayName = gateway.getMetadata().getName();
        Long generation = gateway.getMetadata().getGeneration();
        Map<String, Object> status = map(gateway.getAdditionalProperties().get("status"));
        Map<String, Object> programmed = condition(list(status.get("conditions")), "Programmed");
        if (programmed == null) {
            return ZoneObservation.pending("Pending", "Gateway " + gatewayName
                    + " has not been programmed by its controller yet.");
        }
        if (!fresh(programmed, generation)) {
            return ZoneObservation.pending("Pending", "The controller has not yet observed generation "
                    + generation + " of Gateway " + gatewayName + " (its status is for generation "
                    + programmed.get("observedGeneration") + ").");
        }
        if (!TRUE.equals(programmed.get("status"))) {
            return pending(programmed, "Gateway " + gatewayName + " is not programmed.");
        }
        if (list(status.get("addresses")).isEmpty()) {
            return ZoneObservation.pending("AddressNotAssigned", "Gateway " + gatewayName
                    + " is programmed but has no address yet.");
        }
        Optional<String> listener = ownListener(gateway, target.hostname());
        if (listener.isEmpty()) {
            return ZoneObservation.pending("ListenerMissing", "Gateway " + gatewayName + " has no listener for "
                    + target.hostname() + ".");
        }
        Map<String, Object> listenerStatus = list(status.get("listeners")).stream().map(ConvergenceReader::map)
                .filter(l -> listener.get().equals(l.get("name"))).findFirst().orElse(Map.of());
        Map<String, Object> listenerProgrammed = condition(list(listenerStatus.get("conditions")), "Programmed");
        if (listenerProgrammed != null && !TRUE.equals(listenerProgrammed.get("status"))) {
            return pending(listenerProgrammed, "Listener " + listener.get() + " of Gateway " + gatewayName
                    + " is not programmed.");
        }
        for (Map.Entry<ManagedKind, GenericKubernetesResource> entry : current.entrySet()) {
            ManagedKind kind = entry.getKey();
            if (kind.isRoute() || kind.isPolicy()) {
                ZoneObservation notAccepted = acceptance(kind, entry.getValue(), gatewayName);
                if (notAccepted != null) {
                    return notAccepted;
                }
            }
        }
        return ZoneObservation.converged(List.of("https://" + target.hostname().toLowerCase(Locale.ROOT)));
    }

    /** The name of the listener whose host name is the zone's own host, as the zone holds the Gateway. */
    private static Optional<String> ownListener(GenericKubernetesResource gateway, String hostname) {
        Map<String, Object> spec = map(gateway.getAdditionalProperties().get("spec"));
        return list(spec.get("listeners")).stream().map(ConvergenceReader::map)
                .filter(l -> hostname.equalsIgnoreCase(String.valueOf(l.get("hostname"))))
                .map(l -> String.valueOf(l.get("name"))).findFirst();
    }

    /**
     * Null when the route or policy is accepted by the Gateway, else why not. Routes report per parent
     * ({@code status.parents[]}), policies per ancestor ({@code status.ancestors[]}); an AIGatewayRoute reports
     * its own {@code status.conditions}.
     */
    private static ZoneObservation acceptance(ManagedKind kind, GenericKubernetesResource object, String gatewayName) {
        String name = object.getMetadata().getName();
        Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
        String listKey = kind.isRoute() ? "parents" : "ancestors";
        String refKey = kind.isRoute() ? "parentRef" : "ancestorRef";
        List<Object> conditions = null;
        for (Object entry : list(status.get(listKey))) {
            Map<String, Object> ref = map(map(entry).get(refKey));
            if (gatewayName.equals(ref.get("name"))) {
                conditions = list(map(entry).get("conditions"));
            }
        }
        if (conditions == null) {
            conditions = list(status.get("conditions"));
        }
        Map<String, Object> accepted = condition(conditions, "Accepted");
        String what = kind.kind() + " " + name;
        if (accepted == null) {
            return ZoneObservation.pending("Pending", what + " has not been accepted for Gateway " + gatewayName
                    + " yet.");
        }
        if (!fresh(accepted, object.getMetadata().getGeneration())) {
            return ZoneObservation.pending("Pending", "The controller has not yet observed generation "
                    + object.getMetadata().getGeneration() + " of " + what + ".");
        }
        if (!TRUE.equals(accepted.get("status"))) {
            return pending(accepted, what + " is not accepted.");
        }
        return null;
    }

    private static boolean fresh(Map<String, Object> condition, Long generation) {
        Object observed = condition.get("observedGeneration");
        if (observed == null || generation == null) {
            return true;
        }
        return observed instanceof Number n && n.longValue() == generation;
    }

    private static ZoneObservation pending(Map<String, Object> condition, String fallbackMessage) {
        Object reason = condition.get("reason");
        Object message = condition.get("message");
        return ZoneObservation.pending(reason == null ? "Pending" : reason.toString(),
                message == null || message.toString().isBlank() ? fallbackMessage : message.toString());
    }

    private static Map<String, Object> condition(List<Object> conditions, String type) {
        return conditions.stream().map(ConvergenceReader::map).filter(c -> type.equals(c.get("type"))).findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
