package dev.inference.gateway.api.render;

/** A JSON answer whose bytes are already rendered: written as they are by {@link RenderedJsonWriter}. */
public record RenderedJson(byte[] bytes) {
}
