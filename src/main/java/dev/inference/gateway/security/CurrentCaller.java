package dev.inference.gateway.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The organization of the request's caller: the name of the principal its token authenticated. */
@RequestScoped
public class CurrentCaller {
    private final SecurityIdentity identity;

    CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String organizationId() {
        return identity.getPrincipal().getName();
    }
}
