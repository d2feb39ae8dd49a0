package dev.inference.gateway.security;

import java.util.Set;

/**
 * Who made a request: the actor (a token's subject at its issuer), the organization it acts for and its roles
 * ({@link Roles}), and how it proved it ({@code jwt} or {@code static-token}). The principal's name is
 * {@code <issuer>#<subject>}: the actor, never the organization.
 */
public record Caller(String organizationId, String subject, String issuer, String authMethod, Set<String> roles) {
    /** The attribute of the {@code SecurityIdentity} that holds the caller. */
    public static final String ATTRIBUTE = "gateway.caller";
    public static final String JWT = "jwt";
    public static final String STATIC_TOKEN = "static-token";
    /** The issuer named for static tokens: this service's own configuration. */
    public static final String STATIC_ISSUER = "gateway.auth.tokens";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public String principalName() {
        return issuer + "#" + subject;
    }
}
