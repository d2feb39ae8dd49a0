package dev.inference.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An event about to be appended: everything but its place in the chain ({@code sequence}, {@code previousHash},
 * {@code hash}), which the database gives it as it appends it.
 */
public record AuditDraft(
        String organizationId,
        Instant time,
        String requestId,
        Actor actor,
        Source source,
        String action,
        Resource resource,
        Outcome outcome,
        Long generationBefore,
        Long generationAfter,
        JsonNode specBefore,
        JsonNode specAfter) {

    /** Who: the token's subject at its issuer, how it was proved, and its roles. */
    public record Actor(String subject, String issuer, String authMethod, List<String> roles) {
        /** The value stored for the actor filter: {@code <issuer>#<subject>}. */
        String key() {
            return issuer + "#" + subject;
        }
    }

    /** Where from: the client's address (as the service sees it) and its user agent. */
    public record Source(String ip, String userAgent) {
    }

    /** What was acted on. */
    public record Resource(String type, UUID id, String name) {
    }

    /** How it ended: the google.rpc code, the HTTP status and a message. */
    public record Outcome(int code, int httpStatus, String message) {
        public static final Outcome OK = new Outcome(0, 200, "OK");
    }
}
