package dev.inference.gateway.security;

/** The token is known but its role does not allow the call. */
public class PermissionDeniedException extends RuntimeException {
    public PermissionDeniedException(String message) {
        super(message, null, false, false);
    }
}
