package dev.inference.gateway.api.contract;

import dev.inference.gateway.api.contract.GatewayDto;
import dev.inference.gateway.api.contract.GatewayListResponse;
import dev.inference.gateway.api.contract.GatewayResponse;
import dev.inference.gateway.api.contract.GatewaySpecDto;
import dev.inference.gateway.api.contract.GatewayStatusDto;
import dev.inference.gateway.api.contract.ErrorBody;
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
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types that Jackson reaches only indirectly, so a native image must keep them for reflection: request bodies read
 * by our own body reader, answers written by the list writer, the domain values inside them, and error bodies.
 * (The storage documents are registered by {@code persistence.StoredJson}.)
 */
@RegisterForReflection(targets = {
        GatewaySpecDto.class, GatewayDto.class, GatewayStatusDto.class, GatewayResponse.class,
        GatewayListResponse.class, GatewaySpec.class, CoreWeaveAuth.class, WeightsAndBiasesAuth.class,
        BodyBasedRouting.class, HeaderBasedRouting.class, PathBasedRouting.class, EndpointConfiguration.class,
        ApiType.class, EdgeProxyMode.class, GatewayStatus.class, Condition.class, ErrorBody.class,
        ErrorBody.BadRequest.class, ErrorBody.QuotaFailure.class, ErrorBody.QuotaFailure.Violation.class })
final class NativeReflection {
    private NativeReflection() {
    }
}
