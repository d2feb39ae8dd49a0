package dev.inference.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class GatewayRepository implements PanacheRepositoryBase<GatewayEntity, UUID> {

    /** The gateway if it exists in this organization, else null. */
    public Uni<GatewayEntity> findInOrganization(UUID id, String organizationId) {
        return findById(id).map(g -> inOrganization(g, organizationId));
    }

    /** Like {@link #findInOrganization} but locks the row ({@code FOR UPDATE}) until the transaction ends. */
    public Uni<GatewayEntity> lockInOrganization(UUID id, String organizationId) {
        return lock(id).map(g -> inOrganization(g, organizationId));
    }

    /** Another organization's gateway is treated exactly as an absent one. */
    private static GatewayEntity inOrganization(GatewayEntity g, String organizationId) {
        return g != null && g.organizationId.equals(organizationId) ? g : null;
    }

    /**
     * Deletes a gateway row (its zone rows go with it: ON DELETE CASCADE) by key with a bulk statement, never
     * through {@code session.remove} (hibernate/hibernate-reactive#1713, see {@link ZoneRepository#deleteRows}).
     */
    public Uni<Void> deleteRow(GatewayEntity gateway) {
        return Panache.getSession()
                .invoke(session -> session.detach(gateway))
                .chain(() -> delete("id = ?1", gateway.id))
                .replaceWithVoid();
    }

    public Uni<GatewayEntity> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * One page of an organization's gateways in creation order, starting after a keyset cursor.
     *
     * @param updatedAfter  only gateways updated after this instant, or null
     * @param afterCreated  cursor: creation time of the last gateway seen, or null for the first page
     * @param afterId       cursor: id of the last gateway seen
     * @param limit         most rows answered; {@link Integer#MAX_VALUE} for all
     */
    public Uni<List<GatewayEntity>> page(String organizationId, Instant updatedAfter, Instant afterCreated,
            UUID afterId, int limit) {
        StringBuilder query = new StringBuilder("organizationId = :org");
        Parameters parameters = Parameters.with("org", organizationId);
        if (updatedAfter != null) {
            query.append(" and updatedAt > :updatedAfter");
            parameters.and("updatedAfter", updatedAfter);
        }
        if (afterCreated != null) {
            query.append(" and (createdAt, id) > (:afterCreated, :afterId)");
            parameters.and("afterCreated", afterCreated).and("afterId", afterId);
        }
        query.append(" order by createdAt, id");
        var rows = find(query.toString(), parameters);
        return limit == Integer.MAX_VALUE ? rows.list() : rows.range(0, limit - 1).list();
    }
}
