package dev.inference.gateway.domain;

/** One rejected field of a request: its JSON path ({@code zones[1]}) and what is wrong with it. */
public record FieldViolation(String field, String description) {
}
