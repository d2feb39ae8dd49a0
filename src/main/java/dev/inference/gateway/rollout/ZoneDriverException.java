package dev.inference.gateway.rollout;

/** A zone driver call failed. Retryable failures are tried again after a back-off; terminal ones are not. */
public class ZoneDriverException extends RuntimeException {
    private final boolean retryable;

    public ZoneDriverException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
