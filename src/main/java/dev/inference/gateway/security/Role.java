package dev.inference.gateway.security;

/** What a token may do: {@code admin} reads and writes, {@code viewer} only reads. */
public enum Role {
    ADMIN,
    VIEWER;

    public boolean canWrite() {
        return this == ADMIN;
    }
}
