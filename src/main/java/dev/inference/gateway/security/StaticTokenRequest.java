package dev.inference.gateway.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token that is not a JWT: looked up among the configured static tokens ({@link TokenRegistry}). */
public final class StaticTokenRequest extends BaseAuthenticationRequest {
    private final String token;

    StaticTokenRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "StaticTokenRequest[token hidden]";
    }
}
