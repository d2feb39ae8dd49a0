package dev.inference.gateway.service;

import dev.inference.gateway.domain.StoredGateway;

/** A listing as a stream: its gateways one by one, then its end. */
public sealed interface ListPart {

    record Item(StoredGateway gateway) implements ListPart {
    }

    /**
     * The last part: the token of the next page (null on the last page, or for an unpaged list), and the
     * resourceVersion to watch from: of the list's snapshot, or for a paged listing of its first page's.
     */
    record End(String nextPageToken, long resourceVersion) implements ListPart {
    }
}
