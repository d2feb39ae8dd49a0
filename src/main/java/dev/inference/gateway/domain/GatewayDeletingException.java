package dev.inference.gateway.domain;

import java.util.UUID;

/** The gateway is being torn down, so its spec can no longer change. */
public class GatewayDeletingException extends RuntimeException {
    public GatewayDeletingException(UUID id) {
        super("gateway \"" + id + "\" is being deleted and cannot be updated", null, false, false);
    }
}
