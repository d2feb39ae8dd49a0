package dev.inference.gateway.domain;

/** An {@code If-Match} precondition did not hold. */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String message) {
        super(message, null, false, false);
    }
}
