package dev.inference.gateway.persistence;

import dev.inference.gateway.config.DatabaseConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How every piece of database work runs: in a Hibernate Reactive session (and transaction) that
 * <ul>
 * <li>runs to its end even when its subscriber goes away: when a client disconnects, the HTTP layer cancels the
 * request's {@code Uni}, and cancelling a Hibernate Reactive pipeline half-way closes its session while an
 * operation is still in flight (quarkusio/quarkus#51576, hibernate-reactive#2926). Subscribing from an emitter
 * cuts the cancellation off: the transaction commits or rolls back as a whole and only its answer is dropped;</li>
 * <li>has a time limit ({@code gateway.database.transaction-timeout}), so a pipeline that never completes cannot
 * hold its caller for ever (PostgreSQL's own timeouts end the transaction and free its locks server-side);</li>
 * <li>for background work, runs on a new duplicated Vert.x context: Hibernate Reactive keeps its session in the
 * current context, so concurrent background steps never share one.</li>
 * </ul>
 */
@ApplicationScoped
public class UnitOfWork {
    private final Vertx vertx;
    private final DatabaseConfig config;

    UnitOfWork(Vertx vertx, DatabaseConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Work in a transaction of the current context's session (a request's). */
    public <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return limited(shielded(() -> Panache.withTransaction(work)));
    }

    /** Reads in the current context's session, without a transaction of their own. */
    public <T> Uni<T> session(Supplier<Uni<T>> work) {
        return limited(shielded(() -> Panache.withSession(work)));
    }

    /** Background work in a transaction of a session of its own, on a new duplicated context. */
    public <T> Uni<T> backgroundTransaction(Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return limited(Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            Uni<T> uni;
            try {
                uni = Panache.withTransaction(work);
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            uni.subscribe().with(emitter::complete, emitter::fail);
        })));
    }

    private static <T> Uni<T> shielded(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> work.get().subscribe().with(emitter::complete, emitter::fail));
    }

    private <T> Uni<T> limited(Uni<T> work) {
        return work.ifNoItem().after(config.transactionTimeout())
                .failWith(() -> new TimeoutException("the database work took longer than "
                        + config.transactionTimeout()));
    }
}
