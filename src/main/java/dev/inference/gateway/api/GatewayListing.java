package dev.inference.gateway.api;

import dev.inference.gateway.service.ListPart;
import io.smallrye.mutiny.Multi;

/** The answer of a list before it is written: its parts, streamed by {@link GatewayListWriter}. */
public record GatewayListing(Multi<ListPart> parts) {
}
