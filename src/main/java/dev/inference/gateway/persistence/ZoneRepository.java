package dev.inference.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ZoneRepository implements PanacheRepositoryBase<ZoneEntity, ZoneKey> {

    public Uni<List<ZoneEntity>> forGateway(UUID gatewayId) {
        return list("gatewayId = ?1 order by zone", gatewayId);
    }

    /**
     * Deletes zone rows by key with one bulk statement, never through {@code session.remove}: Hibernate Reactive's
     * entity delete shares one {@code stage} per entity persister across sessions, and of two concurrent deletes
     * one can be lost, leaving its flush (and its transaction and row locks) waiting for ever
     * (hibernate/hibernate-reactive#1713). The rows are detached first so that no pending change is flushed.
     */
    public Uni<Void> deleteRows(List<ZoneEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID gatewayId = rows.get(0).gatewayId;
        List<String> names = rows.stream().map(r -> r.zone).toList();
        return Panache.getSession()
                .invoke(session -> rows.forEach(session::detach))
                .chain(() -> delete("gatewayId = ?1 and zone in ?2", gatewayId, names))
                .replaceWithVoid();
    }

    /**
     * The zone rows of a gateway, locked ({@code FOR UPDATE}) until the transaction ends: for changes of the
     * desired state. Workers claim rows without the gateway's lock, so a writer that read the rows unlocked
     * could write a stale lease back over a fresh claim.
     */
    public Uni<List<ZoneEntity>> forGatewayForUpdate(UUID gatewayId) {
        return find("gatewayId = ?1 order by zone", gatewayId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
