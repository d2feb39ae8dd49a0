package dev.inference.gateway.rollout.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** One object a zone must hold for a gateway, as rendered from its spec (without owner references yet). */
public record DesiredObject(ManagedKind kind, GenericKubernetesResource object) {

    public String name() {
        return object.getMetadata().getName();
    }

    @Override
    public String toString() {
        return kind.kind() + " " + name(); // never the object: a Secret's data must not reach a log line
    }
}
