package dev.inference.gateway.domain;

import java.util.List;
import java.util.stream.Collectors;

/** The request names one or more invalid fields. */
public class InvalidArgumentException extends RuntimeException {
    private final transient List<FieldViolation> violations;

    public InvalidArgumentException(List<FieldViolation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.description()).collect(Collectors.joining("; ")),
                null, false, false);
        this.violations = List.copyOf(violations);
    }

    public InvalidArgumentException(String field, String description) {
        this(List.of(new FieldViolation(field, description)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
