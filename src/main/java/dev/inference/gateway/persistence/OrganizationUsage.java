package dev.inference.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many gateways each organization has ({@code organization_usage}, kept by triggers on {@code gateway},
 * migration V9). A create reads its organization's count after its own insert: the insert's trigger locked the
 * row, so concurrent creates of one organization count one after the other and none can pass the limit unseen.
 */
@ApplicationScoped
public class OrganizationUsage {
    static final String COUNT_IN_TRANSACTION = "SELECT gateways FROM organization_usage WHERE organization_id = :organization";
    private static final String COUNT = "SELECT gateways FROM organization_usage WHERE organization_id = $1";

    private final PlainSql sql;

    OrganizationUsage(PlainSql sql) {
        this.sql = sql;
    }

    /** The organization's count as the current transaction sees it (flush its insert first). */
    public Uni<Long> gatewaysInTransaction(String organizationId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(COUNT_IN_TRANSACTION, Long.class)
                .setParameter("organization", organizationId)
                .getSingleResultOrNull())
                .map(count -> count == null ? 0L : count);
    }

    /** The organization's count as committed. */
    public Uni<Long> gateways(String organizationId) {
        return sql.execute(COUNT, Tuple.of(organizationId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }
}
