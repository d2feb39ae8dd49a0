package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.Condition;
import dev.inference.gateway.domain.RolloutStatus;
import java.util.List;

/**
 * The stored result of the last status roll-up: one {@code Ready} condition per zone (and the gateway's
 * {@code Progressing} condition when it has a rollout policy), the endpoints, and {@code status.rollout}.
 */
public record PublishedStatus(List<Condition> conditions, List<String> endpoints, RolloutStatus rollout) {

    public PublishedStatus(List<Condition> conditions, List<String> endpoints) {
        this(conditions, endpoints, null);
    }
}
