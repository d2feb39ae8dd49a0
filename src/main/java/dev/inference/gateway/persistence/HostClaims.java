package dev.inference.gateway.persistence;

import dev.inference.gateway.config.GatewayConfig;
import dev.inference.gateway.domain.FieldViolation;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.HostNameTakenException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which gateway holds which host name ({@code host_claim}, migration V9): one holder per name across all
 * organizations, by the table's primary key, so that of two concurrent claims exactly one wins (the other waits
 * for the first to commit, then finds the name taken). A gateway's names go with its row.
 */
@ApplicationScoped
public class HostClaims {
    private final GatewayConfig config;

    HostClaims(GatewayConfig config) {
        this.config = config;
    }

    /**
     * Makes a gateway hold exactly {@code :names} (comma separated, lower case): drops the names it no longer
     * names, claims the new ones, and answers the names another gateway holds (none: all claimed).
     */
    static final String CLAIM = """
            WITH wanted AS (SELECT unnest(string_to_array(NULLIF(:names, ''), ',')) AS name)
            , dropped AS (
                DELETE FROM host_claim WHERE gateway_id = :gateway AND name NOT IN (SELECT name FROM wanted)
                RETURNING 1)
            , held AS (
                INSERT INTO host_claim AS h (name, gateway_id, organization_id, claimed_at, verified_at)
                SELECT name, :gateway, :organization, :now, CASE WHEN :verified THEN :now END FROM wanted
                ON CONFLICT (name) DO UPDATE SET gateway_id = h.gateway_id WHERE h.gateway_id = :gateway
                RETURNING name)
            SELECT w.name FROM wanted w
             WHERE w.name NOT IN (SELECT name FROM held) AND (SELECT count(*) FROM dropped) >= 0
            """;

    /** In the current transaction: the gateway holds {@code names} from now on; answers those held by others. */
    public Uni<List<String>> claim(UUID gatewayId, String organizationId, List<String> names, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM, String.class)
                .setParameter("names", String.join(",", names))
                .setParameter("gateway", gatewayId)
                .setParameter("organization", organizationId)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("verified", !verifying())
                .getResultList());
    }

    /** Whether claimed names wait for their TXT record ({@code gateway.dns.verification=txt}). */
    public boolean verifying() {
        return config.dns().verification() == GatewayConfig.Dns.Verification.TXT;
    }

    static final String UNVERIFIED = """
            SELECT string_agg(name, ',' ORDER BY name) FROM host_claim WHERE gateway_id = :gateway AND verified_at IS NULL
            """;

    /**
     * In the current transaction: the gateway holds the additionalDns names of {@code spec} from now on (and no
     * others), and its {@link GatewayEntity#unverifiedDns} says which of them are not verified yet; fails with {@link HostNameTakenException} when another gateway holds one of them, which rolls the
     * whole change back.
     */
    public Uni<Void> hold(GatewayEntity gateway, GatewaySpec spec, Instant now) {
        List<String> names = spec.additionalDns();
        return claim(gateway.id, gateway.organizationId, names, now).invoke(taken -> {
            if (!taken.isEmpty()) {
                List<FieldViolation> violations = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    if (taken.contains(names.get(i))) {
                        violations.add(new FieldViolation("endpointConfiguration.additionalDns[" + i + "]",
                                "the host name " + names.get(i) + " is held by another gateway"));
                    }
                }
                throw new HostNameTakenException(violations);
            }
        }).chain(() -> unverified(gateway.id)).invoke(unverified -> gateway.unverifiedDns = unverified)
                .replaceWithVoid();
    }

    /** In the current session: the gateway's names not verified yet, comma separated (null: none). */
    public Uni<String> unverified(UUID gatewayId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UNVERIFIED, String.class)
                .setParameter("gateway", gatewayId)
                .getSingleResultOrNull());
    }
}
