package dev.inference.gateway.audit;

/** An event as stored: its place in the chain and its canonical body (see {@link AuditLog}). */
public record StoredEvent(long sequence, String body, String previousHash, String hash) {
}
