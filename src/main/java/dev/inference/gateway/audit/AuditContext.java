package dev.inference.gateway.audit;

import dev.inference.gateway.security.Caller;
import jakarta.enterprise.context.RequestScoped;

/**
 * The request's facts for the audit, filled in by the HTTP layer as the request arrives (its id, its operation's
 * action, its source) and once its caller is proved, and read by the services when they record what it did.
 */
@RequestScoped
public class AuditContext {
    private String requestId;
    private String action;
    private AuditDraft.Source source = new AuditDraft.Source(null, null);
    private Caller caller;

    public void arrived(String requestId, String action, AuditDraft.Source source) {
        this.requestId = requestId;
        this.action = action;
        this.source = source;
    }

    public void authenticated(Caller caller) {
        this.caller = caller;
    }

    public String action() {
        return action;
    }

    public Caller caller() {
        return caller;
    }

    public RequestFacts facts() {
        return new RequestFacts(requestId, action, caller, source);
    }
}
