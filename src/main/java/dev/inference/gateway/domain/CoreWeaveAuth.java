package dev.inference.gateway.domain;

/** Auth option 1: the caller's CoreWeave credentials. No fields. */
public record CoreWeaveAuth() {
}
