package dev.inference.gateway.rollout.kubernetes;

/**
 * One call to a zone's API server, as named in error messages: {@code create httproutes.gateway.networking.k8s.io
 * gw-<id>-route in namespace inference-gateways of zone US-EAST-04A}.
 */
record ApiCall(String zone, String apiServer, String verb, ManagedKind kind, String name, String namespace) {

    String describe() {
        return verb + " " + kind.resource() + (name == null ? "" : " " + name) + " in namespace " + namespace;
    }
}
