package dev.inference.gateway.audit;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.Timestamps;
import dev.inference.gateway.persistence.UnitOfWork;
import dev.inference.gateway.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one place a caller's unit of work commits: in one transaction, the work, then its audit event as the last
 * statement, so a change is never stored without its event nor an event without its change (an append that fails
 * rolls the change back). Denied requests are recorded here too, each in a transaction of its own.
 */
@ApplicationScoped
public class AuditedWork {
    /** What a unit of work did to a gateway, for its event. */
    public record Change(String organizationId, UUID gatewayId, String gatewayName, Long generationBefore,
            Long generationAfter, GatewaySpec specBefore, GatewaySpec specAfter, String message) {
    }

    /** A unit of work's answer and what it changed. */
    public record Done<T>(T result, Change change) {
    }

    private final UnitOfWork work;
    private final AuditLog log;
    private final Clock clock;
    private final DenialBudget denials;

    AuditedWork(UnitOfWork work, AuditLog log, Clock clock, GatewayConfig config) {
        this.work = work;
        this.log = log;
        this.clock = clock;
        this.denials = new DenialBudget(config.audit().deniedPerSecond());
    }

    /** Runs {@code unit} in a transaction that also appends its event; answers the unit's result. */
    public <T> Uni<T> transaction(RequestFacts facts, Supplier<Uni<Done<T>>> unit) {
        return work.transaction(() -> unit.get().call(done -> log.append(draft(facts, done.change()))))
                .map(Done::result);
    }

    /**
     * Records a refused request in a transaction of its own, in its caller's organization's chain (a request
     * whose caller was not proved: {@link AuditLog#UNAUTHENTICATED}), within the denial budget.
     */
    public Uni<Void> refused(RequestFacts facts, UUID gatewayId, AuditDraft.Outcome outcome) {
        String chain = facts.caller() == null ? AuditLog.UNAUTHENTICATED : facts.caller().organizationId();
        long unrecorded = denials.admit(chain, clock.millis());
        if (unrecorded < 0) {
            return Uni.createFrom().voidItem();
        }
        AuditDraft.Outcome told = unrecorded == 0 ? outcome : new AuditDraft.Outcome(outcome.code(),
                outcome.httpStatus(), outcome.message() + " (and " + unrecorded + " refused requests before this one "
                        + "that were counted, not recorded)");
        AuditDraft draft = new AuditDraft(chain, Timestamps.now(clock), facts.requestId(),
                actor(facts.caller()), facts.source(), facts.action(),
                gatewayId == null ? null : new AuditDraft.Resource("gateway", gatewayId, null), told,
                null, null, null, null);
        return work.transaction(() -> log.append(draft));
    }

    private AuditDraft draft(RequestFacts facts, Change change) {
        return new AuditDraft(change.organizationId(), Timestamps.now(clock), facts.requestId(),
                actor(facts.caller()), facts.source(), facts.action(),
                new AuditDraft.Resource("gateway", change.gatewayId(), change.gatewayName()),
                new AuditDraft.Outcome(0, 200, change.message() == null ? "OK" : change.message()),
                change.generationBefore(), change.generationAfter(),
                SpecSnapshot.of(change.gatewayId(), change.specBefore()),
                SpecSnapshot.of(change.gatewayId(), change.specAfter()));
    }

    private static AuditDraft.Actor actor(Caller caller) {
        if (caller == null) {
            return null;
        }
        return new AuditDraft.Actor(caller.subject(), caller.issuer(), caller.authMethod(),
                List.copyOf(caller.roles()));
    }
}
