package dev.inference.gateway.persistence;

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
     * The zone rows of a gateway, locked ({@code FOR UPDATE}) until the transaction ends: for changes of the
     * desired state. Workers claim rows without the gateway's lock, so a writer that read the rows unlocked
     * could write a stale lease back over a fresh claim.
     */
    public Uni<List<ZoneEntity>> forGatewayForUpdate(UUID gatewayId) {
        return find("gatewayId = ?1 order by zone", gatewayId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
