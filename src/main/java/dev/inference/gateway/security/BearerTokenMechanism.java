package dev.inference.gateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * {@code Authorization: Bearer <token>} (the scheme in any case). A JWT is verified by smallrye-jwt (signature by
 * the JWKS, issuer, audience, expiry) and made a caller by {@link JwtCallerAugmentor}; any other token is looked up
 * among the static tokens ({@link StaticTokenIdentityProvider}). No header: the request is anonymous, and an
 * operation that needs a role answers 401; a malformed header, an unknown or unverifiable token: 401. The token
 * itself is never logged and never part of a message. Its priority puts it before smallrye-jwt's own mechanism,
 * which then only sees requests without a bearer token (and leaves them anonymous).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    private static final String PREFIX = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || header.substring(PREFIX.length()).isBlank()) {
            return Uni.createFrom().failure(
                    new AuthenticationFailedException("the Authorization header must be \"Bearer <token>\""));
        }
        String token = header.substring(PREFIX.length()).strip();
        return identities.authenticate(looksLikeJwt(token)
                ? new TokenAuthenticationRequest(new JsonWebTokenCredential(token)) // smallrye-jwt verifies only this kind
                : new StaticTokenRequest(token));
    }

    /** Three base64url parts, the first a JSON object ({@code eyJ} is how {@code {"} encodes). */
    static boolean looksLikeJwt(String token) {
        if (!token.startsWith("eyJ")) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '=') {
                return false;
            }
        }
        return dots == 2;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, StaticTokenRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
