package dev.inference.gateway.domain;

import java.util.UUID;

/** No gateway with this id in the caller's organization (another organization's gateway counts as absent). */
public class GatewayNotFoundException extends RuntimeException {
    public GatewayNotFoundException(UUID id) {
        super("gateway \"" + id + "\" not found", null, false, false);
    }
}
