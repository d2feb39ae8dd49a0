package dev.inference.gateway.security;

/** No bearer token, or one this service does not know. */
public class UnauthenticatedException extends RuntimeException {
    public UnauthenticatedException(String message) {
        super(message, null, false, false);
    }
}
