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
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final GatewayConfig config;
    private final PlainSql sql;

    HostClaims(GatewayConfig config, PlainSql sql) {
        this.config = config;
        this.sql = sql;
    }

    /** A pending claim taken for a TXT check, with its organization's verification token (null: none made yet). */
    public record Pending(String name, UUID gatewayId, String organizationId, String token) {
    }

    /** A claimed name of an organization and when it was verified (null: pending). */
    public record Claimed(String name, UUID gatewayId, Instant verifiedAt) {
    }

    /**
     * Takes up to $1 pending claims due for a check (never checked, or last checked $2 ms ago or longer), the longest
     * unchecked first, and notes the check on them in the same statement: rows locked with SKIP LOCKED, so two
     * replicas never check one name at once, and a check that dies half-way is simply due again later.
     */
    static final String DUE = """
            WITH due AS (
                SELECT name FROM host_claim
                 WHERE verified_at IS NULL
                   AND (checked_at IS NULL OR checked_at <= now() - $2::bigint * interval '1 millisecond')
                 ORDER BY checked_at NULLS FIRST
                 LIMIT $1
                 FOR UPDATE SKIP LOCKED)
            UPDATE host_claim h SET checked_at = now() FROM due WHERE h.name = due.name
            RETURNING h.name, h.gateway_id, h.organization_id,
                      (SELECT d.token FROM domain_verification d WHERE d.organization_id = h.organization_id)
            """;

    static final String VERIFY = """
            UPDATE host_claim SET verified_at = :now
             WHERE name = :name AND gateway_id = :gateway AND verified_at IS NULL
            """;

    /** The organization's token, made by this statement when it has none (a concurrent maker may win: ask again). */
    static final String TOKEN = """
            WITH made AS (
                INSERT INTO domain_verification (organization_id, token, created_at) VALUES ($1, $2, now())
                ON CONFLICT (organization_id) DO NOTHING
                RETURNING token)
            SELECT token FROM made UNION ALL SELECT token FROM domain_verification WHERE organization_id = $1
            """;

    static final String OF_ORGANIZATION = """
            SELECT name, gateway_id, verified_at FROM host_claim WHERE organization_id = $1 ORDER BY name
            """;

    /** Pending claims due for a check (see {@link #DUE}), noted as checked now. */
    public Uni<List<Pending>> due(int limit, java.time.Duration recheck) {
        return sql.execute(DUE, io.vertx.mutiny.sqlclient.Tuple.of(limit, recheck.toMillis())).map(rows -> {
            List<Pending> due = new ArrayList<>(rows.size());
            rows.forEach(row -> due.add(new Pending(row.getString(0), row.getUUID(1), row.getString(2),
                    row.getString(3))));
            return due;
        });
    }

    /** In the current transaction: the gateway's claim of the name is verified; answers whether it was pending. */
    public Uni<Boolean> verify(UUID gatewayId, String name, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(VERIFY)
                .setParameter("name", name)
                .setParameter("gateway", gatewayId)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate()).map(count -> count > 0);
    }

    /** The organization's verification token, made on first need (random, 32 bytes, base64url). */
    public Uni<String> token(String organizationId) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String fresh = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return sql.execute(TOKEN, io.vertx.mutiny.sqlclient.Tuple.of(organizationId, fresh))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(rows.iterator().next().getString(0))
                        : sql.execute(TOKEN, io.vertx.mutiny.sqlclient.Tuple.of(organizationId, fresh))
                                .map(again -> again.iterator().next().getString(0)));
    }

    /** Every name the organization's gateways hold, by name. */
    public Uni<List<Claimed>> ofOrganization(String organizationId) {
        return sql.execute(OF_ORGANIZATION, io.vertx.mutiny.sqlclient.Tuple.of(organizationId)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.size());
            rows.forEach(row -> claimed.add(new Claimed(row.getString(0), row.getUUID(1),
                    row.getOffsetDateTime(2) == null ? null : row.getOffsetDateTime(2).toInstant())));
            return claimed;
        });
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
                SELECT name, :gateway, :organization, :now, CASE WHEN CAST(:verified AS boolean) THEN CAST(:now AS timestamptz) END FROM wanted
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
