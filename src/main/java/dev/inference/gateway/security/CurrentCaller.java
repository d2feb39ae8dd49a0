package dev.inference.gateway.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the request in progress, set by {@link BearerTokenFilter}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new UnauthenticatedException("missing bearer token");
        }
        return caller;
    }

    public String organizationId() {
        return get().organizationId();
    }
}
