package dev.inference.gateway.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;

/**
 * Appends events to the per-organization chains ({@code audit_event}, migration V9), in the caller's transaction:
 * one statement advances the chain's head and inserts the event, so that events are numbered without gaps, each
 * links to the one before it, and an event is stored exactly when the change it records is. The hash is
 * {@code sha256(previousHash + "\n" + sequence + "\n" + body)} in hex, {@code body} being the event's
 * {@link CanonicalJson canonical JSON} without {@code sequence}, {@code previousHash} and {@code hash}; the first
 * event of a chain links to 64 zeros.
 */
@ApplicationScoped
public class AuditLog {
    /** The chain of requests whose caller was not proved (401): no organization can be trusted for them. */
    public static final String UNAUTHENTICATED = "";
    public static final String GENESIS = "0".repeat(64);

    static final String APPEND = """
            WITH link AS (
                INSERT INTO audit_chain AS c (organization_id, last_sequence, last_hash, previous_hash)
                VALUES (:organization, 1,
                        encode(sha256(convert_to(:genesis || chr(10) || '1' || chr(10) || :body, 'UTF8')), 'hex'),
                        :genesis)
                ON CONFLICT (organization_id) DO UPDATE
                   SET last_sequence = c.last_sequence + 1,
                       previous_hash = c.last_hash,
                       last_hash = encode(sha256(convert_to(c.last_hash || chr(10) || CAST(c.last_sequence + 1 AS text)
                                                            || chr(10) || :body, 'UTF8')), 'hex')
                RETURNING last_sequence, previous_hash, last_hash)
            INSERT INTO audit_event (organization_id, sequence, recorded_at, gateway_id, actor, action, body,
                                     previous_hash, hash)
            SELECT :organization, last_sequence, :time, CAST(NULLIF(:gateway, '') AS uuid), :actor, :action, :body,
                   previous_hash, last_hash
              FROM link
            """;

    /** Appends an event in the current session's transaction (the last statement before the commit, ideally). */
    public Uni<Void> append(AuditDraft draft) {
        String body = CanonicalJson.write(body(draft));
        return Panache.getSession().chain(session -> session.createNativeQuery(APPEND)
                .setParameter("organization", draft.organizationId())
                .setParameter("genesis", GENESIS)
                .setParameter("body", body)
                .setParameter("time", draft.time().atOffset(ZoneOffset.UTC))
                .setParameter("gateway", draft.resource() == null || draft.resource().id() == null ? ""
                        : draft.resource().id().toString())
                .setParameter("actor", draft.actor() == null ? "" : draft.actor().key())
                .setParameter("action", draft.action() == null ? "" : draft.action())
                .executeUpdate()).replaceWithVoid();
    }

    static ObjectNode body(AuditDraft d) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode body = json.objectNode();
        body.put("time", d.time().toString());
        body.put("requestId", d.requestId());
        if (d.actor() != null) {
            ObjectNode actor = body.putObject("actor");
            actor.put("subject", d.actor().subject());
            actor.put("issuer", d.actor().issuer());
            actor.put("authMethod", d.actor().authMethod());
            d.actor().roles().stream().sorted().forEach(actor.putArray("roles")::add);
        }
        if (d.source() != null) {
            ObjectNode source = body.putObject("source");
            source.put("ip", d.source().ip());
            source.put("userAgent", d.source().userAgent());
        }
        body.put("action", d.action());
        if (d.resource() != null) {
            ObjectNode resource = body.putObject("resource");
            resource.put("type", d.resource().type());
            resource.put("id", d.resource().id() == null ? null : d.resource().id().toString());
            resource.put("name", d.resource().name());
        }
        ObjectNode outcome = body.putObject("outcome");
        outcome.put("code", d.outcome().code());
        outcome.put("httpStatus", d.outcome().httpStatus());
        outcome.put("message", d.outcome().message());
        if (d.generationBefore() != null) {
            body.put("generationBefore", d.generationBefore());
        }
        if (d.generationAfter() != null) {
            body.put("generationAfter", d.generationAfter());
        }
        body.set("specBefore", d.specBefore());
        body.set("specAfter", d.specAfter());
        return body;
    }
}
