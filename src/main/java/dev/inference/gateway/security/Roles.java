package dev.inference.gateway.security;

/** The roles a token grants: {@code admin} reads and writes, {@code viewer} only reads. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
