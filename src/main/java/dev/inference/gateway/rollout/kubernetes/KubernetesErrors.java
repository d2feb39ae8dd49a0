package dev.inference.gateway.rollout.kubernetes;

import dev.inference.gateway.rollout.ZoneDriverException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns what a zone's API server (or the way to it) answered into a {@link ZoneDriverException}: an object the
 * server rejects as invalid fails the zone for good (repeating it cannot help); everything that can pass by itself
 * (missing permissions being granted, conflicts, throttling, server errors, an unreachable server) is retryable.
 * Messages name the zone and the call, quote the server, and never carry the gateway's secret.
 */
final class KubernetesErrors {
    private static final int MAX_SERVER_MESSAGE = 600;

    private KubernetesErrors() {
    }

    static ZoneDriverException classify(Throwable failure, ApiCall call, Redactor redactor) {
        if (failure instanceof ZoneDriverException e) {
            return e;
        }
        if (!(failure instanceof KubernetesClientException e)) {
            return new ZoneDriverException(redactor.scrub("zone " + call.zone() + ": " + call.describe()
                    + " failed unexpectedly: " + failure), true);
        }
        int code = e.getCode();
        String server = serverMessage(e);
        String zone = "zone " + call.zone();
        String message;
        boolean retryable = true;
        if (code == 400 || code == 422) {
            message = zone + " rejected " + call.kind().kind() + " " + call.name() + " as invalid (" + code + "): "
                    + server;
            retryable = false;
        } else if (code == 401) {
            message = zone + " (" + call.apiServer() + ") does not accept the zone's credentials (401 Unauthorized) "
                    + "on " + call.describe() + "; check the token of rollout.kubernetes.zones.\"" + call.zone()
                    + "\"";
        } else if (code == 403) {
            message = zone + " does not permit " + call.verb() + " on " + call.kind().resource() + " in namespace "
                    + call.namespace() + " (403 Forbidden): grant the verb to the zone's ServiceAccount "
                    + "(deploy/zone-rbac.yml). Server: " + server;
        } else if (code == 404) {
            message = isNamespaceMissing(e)
                    ? zone + " has no namespace " + call.namespace() + " (404 Not Found); create it "
                            + "(deploy/zone-rbac.yml)"
                    : zone + " does not serve " + call.kind().resource() + " (404 Not Found on " + call.describe()
                            + "); are the Gateway API, Envoy Gateway and Envoy AI Gateway CRDs installed? Server: "
                            + server;
        } else if (code == 409) {
            message = zone + ": " + call.kind().kind() + " " + call.name() + " kept changing while it was written "
                    + "(409 Conflict); trying again later";
        } else if (code == 429) {
            message = zone + " is throttling requests (429 Too Many Requests) on " + call.describe();
        } else if (code >= 500) {
            message = zone + " answered " + code + " on " + call.describe() + ": " + server;
        } else if (code > 0) {
            message = zone + " refused " + call.describe() + " (" + code + "): " + server;
            retryable = false;
        } else {
            message = zone + ": cannot reach the API server " + call.apiServer() + " (" + call.describe() + "): "
                    + rootCause(e);
        }
        return new ZoneDriverException(redactor.scrub(message), retryable);
    }

    private static boolean isNamespaceMissing(KubernetesClientException e) {
        Status status = e.getStatus();
        return status != null && status.getDetails() != null && "namespaces".equals(status.getDetails().getKind());
    }

    private static String serverMessage(KubernetesClientException e) {
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        if (message == null) {
            return "no message";
        }
        return message.length() > MAX_SERVER_MESSAGE ? message.substring(0, MAX_SERVER_MESSAGE) + "…" : message;
    }

    /** The innermost cause, which says what happened on the way (refused, timed out, unknown host, TLS). */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getMessage();
        return cause.getClass().getSimpleName() + (text == null ? "" : ": " + text);
    }
}
