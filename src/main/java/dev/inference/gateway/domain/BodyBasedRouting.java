package dev.inference.gateway.domain;

/** Routing option 1: route by the model named in the request body. */
public record BodyBasedRouting(ApiType apiType) {
}
