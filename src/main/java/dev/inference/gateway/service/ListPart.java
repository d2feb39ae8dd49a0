package dev.inference.gateway.service;

import dev.inference.gateway.domain.Gateway;

/** A listing as a stream: its gateways one by one, then its end. */
public sealed interface ListPart {

    record Item(Gateway gateway) implements ListPart {
    }

    /** The last part: the token of the next page, or null on the last page (or an unpaged list). */
    record End(String nextPageToken) implements ListPart {
    }
}
