package dev.inference.gateway.config;

import dev.inference.gateway.api.dto.GatewayRequest;
import dev.inference.gateway.api.error.ErrorBody;
import dev.inference.gateway.domain.ApiType;
import dev.inference.gateway.domain.BodyBasedRouting;
import dev.inference.gateway.domain.Condition;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.EdgeProxyMode;
import dev.inference.gateway.domain.EndpointConfiguration;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.HeaderBasedRouting;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.WeightsAndBiasesAuth;
import dev.inference.gateway.persistence.PublishedStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types that Jackson reaches only indirectly, so a native image must keep them for reflection: request bodies
 * read from bytes (not from a resource method's signature), and the JSON documents Hibernate stores in
 * {@code jsonb} columns through its format mapper.
 */
@RegisterForReflection(targets = {
        GatewayRequest.class, GatewaySpec.class, CoreWeaveAuth.class, WeightsAndBiasesAuth.class,
        BodyBasedRouting.class, HeaderBasedRouting.class, PathBasedRouting.class, EndpointConfiguration.class,
        ApiType.class, EdgeProxyMode.class, GatewayStatus.class, Condition.class, PublishedStatus.class, ErrorBody.class,
        ErrorBody.BadRequest.class })
final class NativeReflection {
    private NativeReflection() {
    }
}
