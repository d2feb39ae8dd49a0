package dev.inference.gateway.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The request's caller, as its token proved it ({@link Caller}); {@code null} for an anonymous request. */
@RequestScoped
public class CurrentCaller {
    private final SecurityIdentity identity;

    CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller caller() {
        return identity.isAnonymous() ? null : identity.getAttribute(Caller.ATTRIBUTE);
    }

    public String organizationId() {
        return caller().organizationId();
    }
}
