package dev.inference.gateway.domain;

import java.util.List;

/**
 * An additionalDns name another gateway holds (in any organization): 409 ALREADY_EXISTS with a field violation
 * per name, never saying who holds it.
 */
public class HostNameTakenException extends RuntimeException {
    private final List<FieldViolation> violations;

    public HostNameTakenException(List<FieldViolation> violations) {
        super("a host name in endpointConfiguration.additionalDns belongs to another gateway", null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
