package dev.inference.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inference.gateway.api.dto.GatewaySpecDto;

/**
 * An {@code application/merge-patch+json} body: the members it sets, typed (read as a {@link GatewaySpecDto}), and
 * the tree it came from, which tells a member set to {@code null} (removed) from one left out (kept).
 */
public record MergePatchBody(GatewaySpecDto values, ObjectNode tree) {
}
