package dev.inference.gateway.security;

/** A stored secret cannot be opened: its key is not configured, or is not the key that sealed it. */
public class SecretUnreadableException extends RuntimeException {
    public SecretUnreadableException(String message) {
        super(message, null, false, false);
    }
}
