package dev.inference.gateway.domain;

/** Routing option 3: route by URL path. No fields. */
public record PathBasedRouting() {
}
