package dev.inference.gateway.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API call by its {@code Authorization: Bearer} token: 401 without a known token, 403 when
 * a viewer token tries to write. The management endpoints under {@code /q} are not API calls.
 */
public class BearerTokenFilter {
    private static final String PREFIX = "Bearer ";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final TokenRegistry tokens;
    private final CurrentCaller current;

    BearerTokenFilter(TokenRegistry tokens, CurrentCaller current) {
        this.tokens = tokens;
        this.current = current;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new UnauthenticatedException("missing bearer token");
        }
        if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new UnauthenticatedException("the Authorization header must be \"Bearer <token>\"");
        }
        Caller caller = tokens.lookup(header.substring(PREFIX.length()).strip())
                .orElseThrow(() -> new UnauthenticatedException("unknown bearer token"));
        if (!READS.contains(request.getMethod()) && !caller.role().canWrite()) {
            throw new PermissionDeniedException("this token may only read gateways");
        }
        current.set(caller);
    }
}
