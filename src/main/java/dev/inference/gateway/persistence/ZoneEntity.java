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

    /** The revision the zone is to serve, and the one it last converged to (0: none). */
    @Column(name = "target_revision")
    public long targetRevision;

    @Column(name = "served_revision")
    public long servedRevision;

    /** Increases with every new target of the zone (drivers order applies by it); the one it last converged to. */
    @Column(name = "apply_token")
    public long applyToken;

    @Column(name = "observed_token")
    public long observedToken;

    /** The first apply of the current target (set by the claim), and when its progress deadline passes. */
    @Column(name = "applied_at")
    public Instant appliedAt;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    /** The progress deadline still to run from the next apply (null: none); set by a release, kept by a pause. */
    @Column(name = "deadline_ms")
    public Long deadlineMillis;

    /**
     * A new target: the zone is to serve a revision (or, {@code present} false, to leave), with a new token, due now
     * with a fresh start, whatever happened before; a deadline of {@code deadline} from its first apply, if any.
     */
    public void target(boolean shouldBePresent, long revision, long generation, Long deadline, Instant now) {
        this.present = shouldBePresent;
        this.targetRevision = shouldBePresent ? revision : 0;
        this.desiredGeneration = generation;
        this.applyToken = Math.max(applyToken + 1, generation);
        this.deadlineMillis = deadline;
        again(now);
    }

    /** Due now with a fresh start on the same target (a retry after a pause): attempts, error and deadline anew. */
    public void again(Instant now) {
        this.attempts = 0;
        this.failed = false;
        this.lastError = null;
        this.nextAttemptAt = now;
        this.desiredAt = now;
        this.appliedAt = null;
        this.deadlineAt = null;
        this.zoneReason = null;
        this.zoneMessage = null;
    }

    /** No new apply until resumed: not due, and what is left of the deadline kept for the next apply. */
    public void hold(Instant now) {
        this.nextAttemptAt = null;
        if (deadlineAt != null) {
            this.deadlineMillis = Math.max(0, deadlineAt.toEpochMilli() - now.toEpochMilli());
            this.deadlineAt = null;
        }
    }

    /** Due again after a hold; the deadline runs on with what was left of it. */
    public void resume(Instant now) {
        this.nextAttemptAt = now;
    }

    public ZoneState state() {
        return new ZoneState(zone, present, desiredGeneration, observedGeneration, attempts, failed, lastError,
                nextAttemptAt, endpoints, zoneReason, zoneMessage, targetRevision, servedRevision, applyToken,
                observedToken, deadlineAt);
    }
}
