package dev.inference.gateway.security;

/** The authenticated caller: the organization its token belongs to and its role. */
public record Caller(String organizationId, Role role) {
}
