package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.ZoneState;
import jakarta.persistence.Column;
import org.hibernate.annotations.DynamicUpdate;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.util.UUID;

/** Rollout state and pending work of one gateway x zone. */
@Entity
@DynamicUpdate
@Table(name = "gateway_zone")
@IdClass(ZoneKey.class)
public class ZoneEntity {
    @Id
    @Column(name = "gateway_id")
    public UUID gatewayId;

    @Id
    @Column(columnDefinition = "text")
    public String zone;

    /** The gateway's organization (never changes): the claim takes due work round-robin across organizations. */
    @Column(name = "organization_id", nullable = false, columnDefinition = "text")
    public String organizationId;

    public boolean present;

    @Column(name = "desired_generation")
    public long desiredGeneration;

    @Column(name = "observed_generation")
    public long observedGeneration;

    public int attempts;

    public boolean failed;

    @Column(name = "last_error", columnDefinition = "text")
    public String lastError;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "lease_owner", columnDefinition = "text")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "desired_at", nullable = false)
    public Instant desiredAt;

    /** The URLs the zone reported serving the gateway at when it last converged. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> endpoints = List.of();

    /** Why the zone says it has not converged yet, in its own words (null when it said nothing). */
    @Column(name = "zone_reason", columnDefinition = "text")
    public String zoneReason;

    @Column(name = "zone_message", columnDefinition = "text")
    public String zoneMessage;

    /** Sets new desired state and makes it due now: a fresh start, whatever happened before. */
    public void desire(boolean shouldBePresent, long generation, Instant now) {
        this.present = shouldBePresent;
        this.desiredGeneration = generation;
        this.attempts = 0;
        this.failed = false;
        this.lastError = null;
        this.nextAttemptAt = now;
        this.desiredAt = now;
        this.zoneReason = null;
        this.zoneMessage = null;
    }

    public ZoneState state() {
        return new ZoneState(zone, present, desiredGeneration, observedGeneration, attempts, failed, lastError,
                nextAttemptAt, endpoints, zoneReason, zoneMessage);
    }
}
