package dev.inference.gateway.domain;

/** Routing option 2: route by the value of an HTTP header. */
public record HeaderBasedRouting(String headerName) {
}
