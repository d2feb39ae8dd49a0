package dev.inference.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ZoneRepository implements PanacheRepositoryBase<ZoneEntity, ZoneKey> {

    public Uni<List<ZoneEntity>> forGateway(UUID gatewayId) {
        return list("gatewayId = ?1 order by zone", gatewayId);
    }
}
