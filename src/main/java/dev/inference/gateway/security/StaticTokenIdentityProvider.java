package dev.inference.gateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a static bearer token into its caller: the token's name is the actor, with its organization and role. */
@ApplicationScoped
public class StaticTokenIdentityProvider implements IdentityProvider<StaticTokenRequest> {
    private final TokenRegistry tokens;

    StaticTokenIdentityProvider(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<StaticTokenRequest> getRequestType() {
        return StaticTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(StaticTokenRequest request, AuthenticationRequestContext context) {
        if (!tokens.enabled()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the bearer token is not a JWT, and "
                    + "static tokens are off (gateway.auth.static-tokens.enabled)"));
        }
        return tokens.lookup(request.token())
                .map(token -> {
                    Caller caller = token.caller();
                    return Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(caller.principalName()))
                            .addRoles(caller.roles())
                            .addAttribute(Caller.ATTRIBUTE, caller)
                            .build());
                })
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token")));
    }
}
