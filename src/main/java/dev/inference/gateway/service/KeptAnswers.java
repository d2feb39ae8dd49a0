package dev.inference.gateway.service;

import java.util.UUID;

/**
 * The answers already rendered and kept, by gateway id and row version (a version always renders the same bytes).
 * A page whose answers are all kept is listed from its keys alone, without reading its documents.
 */
public interface KeptAnswers {
    /** The kept JSON of this version of the gateway, or null. */
    byte[] kept(UUID id, long version);
}
