package dev.inference.gateway.api.contract;

/** The optional body of {@code :rollback}: the revision to go back to (absent: the stable one, see the contract). */
public record RollbackRequest(Long revision) {
}
