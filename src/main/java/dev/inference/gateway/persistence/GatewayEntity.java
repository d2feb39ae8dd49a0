package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.RolloutState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import org.hibernate.annotations.DynamicUpdate;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A gateway row. The spec document never holds the secret: it lives sealed in {@link GatewaySecretEntity}. */
@Entity
@DynamicUpdate
@Table(name = "gateway")
public class GatewayEntity {
    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false, columnDefinition = "text")
    public String organizationId;

    @Convert(converter = StoredJson.SpecConverter.class)
    @Column(nullable = false, columnDefinition = "text")
    public GatewaySpec spec;

    public long generation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, columnDefinition = "text")
    public GatewayStatus status;

    /** The conditions and endpoints the status roll-up published last (one JSON object). */
    @Convert(converter = StoredJson.PublishedConverter.class)
    @Column(nullable = false, columnDefinition = "text")
    public PublishedStatus published;

    public boolean deleting;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** The newest revision (every accepted change other than the rollout policy alone makes one). */
    public long revision;

    /** The rollout's durable state (null for a gateway stored before revisions: see RolloutEngine). */
    @Convert(converter = StoredJson.RolloutConverter.class)
    @Column(columnDefinition = "text")
    public RolloutState rollout;

    /** When the rollout planner must look at this gateway again without a zone's report (null: only then). */
    @Column(name = "rollout_check_at")
    public Instant rolloutCheckAt;

    /**
     * The gateway's claimed host names that are not verified yet, comma separated (null: none), read with the row;
     * a change that claims names sets it anew in its transaction ({@link HostClaims#hold}). Never written.
     */
    @org.hibernate.annotations.Formula("(SELECT string_agg(h.name, ',' ORDER BY h.name) FROM host_claim h"
            + " WHERE h.gateway_id = id AND h.verified_at IS NULL)")
    public String unverifiedDns;

    /** The names of {@link #unverifiedDns} as a list. */
    public java.util.List<String> unverifiedNames() {
        return unverifiedDns == null || unverifiedDns.isEmpty() ? java.util.List.of()
                : java.util.List.of(unverifiedDns.split(","));
    }

    /** Stores a spec without its secret (which the caller stores sealed, apart). */
    public void storeSpec(GatewaySpec desired) {
        this.spec = desired.withApiKey(null);
    }

    /** The gateway as answers show it (no secret). */
    public Gateway toGateway() {
        return new Gateway(id, organizationId, spec, generation, status, published.conditions(),
                published.endpoints(), createdAt, updatedAt, version, published.rollout());
    }
}
