package dev.inference.gateway.service;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Database work that runs to its end even when its subscriber goes away. When a client disconnects, the HTTP
 * layer cancels the request's {@code Uni}; cancelling a Hibernate Reactive pipeline half-way closes its session
 * while an operation is still in flight (quarkusio/quarkus#51576, hibernate-reactive#2926). Subscribing to the
 * work from an emitter cuts the cancellation off: the transaction commits or rolls back as a whole and only
 * its answer is dropped.
 */
final class Shielded {
    private Shielded() {
    }

    static <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> work.get().subscribe().with(emitter::complete, emitter::fail));
    }
}
