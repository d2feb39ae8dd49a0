package dev.inference.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** Gateway rows for writes: locked, changed through the entity, deleted by key. (Reads: {@link GatewayReads}.) */
@ApplicationScoped
public class GatewayRepository implements PanacheRepositoryBase<GatewayEntity, UUID> {

    /**
     * The gateway if it exists in this organization, else null, locked ({@code FOR UPDATE}) until the
     * transaction ends. Another organization's gateway is treated exactly as an absent one.
     */
    public Uni<GatewayEntity> lockInOrganization(UUID id, String organizationId) {
        return lock(id).map(g -> g != null && g.organizationId.equals(organizationId) ? g : null);
    }

    public Uni<GatewayEntity> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Deletes a gateway row (its zone rows and secret go with it: ON DELETE CASCADE) by key with a bulk statement,
     * never through {@code session.remove} (hibernate/hibernate-reactive#1713, see {@link ZoneRepository#deleteRows}).
     */
    public Uni<Void> deleteRow(GatewayEntity gateway) {
        return Panache.getSession()
                .invoke(session -> session.detach(gateway))
                .chain(() -> delete("id = ?1", gateway.id))
                .replaceWithVoid();
    }
}
