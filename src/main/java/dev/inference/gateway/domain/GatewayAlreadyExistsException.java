package dev.inference.gateway.domain;

import java.util.UUID;

/** A create supplied an id that is already taken by a gateway with a different spec. */
public class GatewayAlreadyExistsException extends RuntimeException {
    public GatewayAlreadyExistsException(UUID id) {
        super("gateway \"" + id + "\" already exists with a different spec", null, false, false);
    }
}
