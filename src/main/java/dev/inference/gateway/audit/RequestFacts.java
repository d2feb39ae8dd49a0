package dev.inference.gateway.audit;

import dev.inference.gateway.security.Caller;

/**
 * What the audit knows of a request before anything happens: its id (the {@code X-Request-Id} answered), the
 * action its operation performs, the caller (null when none was proved) and where it came from.
 */
public record RequestFacts(String requestId, String action, Caller caller, AuditDraft.Source source) {
    /** No request: work the service does of its own accord. */
    public static final RequestFacts NONE = new RequestFacts(null, null, null, new AuditDraft.Source(null, null));
}
