package dev.inference.gateway.persistence;

import dev.inference.gateway.domain.Condition;
import java.util.List;

/** The stored result of the last status roll-up: one {@code Ready} condition per zone, and the endpoints. */
public record PublishedStatus(List<Condition> conditions, List<String> endpoints) {
}
