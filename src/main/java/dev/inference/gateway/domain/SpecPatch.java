package dev.inference.gateway.domain;

import java.util.List;
import java.util.function.BiFunction;

/**
 * An RFC 7396 merge patch of a {@link GatewaySpec}, as data: for every member of the spec, keep it, remove it
 * (the patch said {@code null}) or set it. Objects merge member by member; lists and scalars are replaced. The
 * result is a draft that {@link SpecValidator} still has to accept.
 */
public record SpecPatch(
        Change<String> name,
        Change<List<String>> zones,
        Change<CoreWeaveAuth> coreWeaveAuth,
        Change<WeightsAndBiasesPatch> weightsAndBiasesAuth,
        Change<BodyRoutingPatch> bodyBasedRouting,
        Change<HeaderRoutingPatch> headerBasedRouting,
        Change<PathBasedRouting> pathBasedRouting,
        Change<EndpointsPatch> endpointConfiguration) {

    /** What a patch does to one member. */
    public sealed interface Change<T> {
        /** The member was absent from the patch. */
        record Keep<T>() implements Change<T> {
        }

        /** The patch set the member to {@code null}. */
        record Remove<T>() implements Change<T> {
        }

        /** The patch gave the member a value (for an object member: a patch of its own members). */
        record Set<T>(T value) implements Change<T> {
        }

        static <T> Change<T> keep() {
            return new Keep<>();
        }

        default T apply(T current) {
            if (this instanceof Set<T> set) {
                return set.value();
            }
            return this instanceof Remove<T> ? null : current;
        }

        /** For an object member: merges the nested patch into the current object (or an empty one). */
        default <V> V merge(V current, V empty, BiFunction<T, V, V> applyTo) {
            if (this instanceof Set<T> set) {
                return applyTo.apply(set.value(), current == null ? empty : current);
            }
            return this instanceof Remove<T> ? null : current;
        }
    }

    public record WeightsAndBiasesPatch(Change<String> apiKey, Change<String> serverUrl,
            Change<Boolean> enableUsageReports, Change<Boolean> enableRateLimiting) {
        WeightsAndBiasesAuth applyTo(WeightsAndBiasesAuth current) {
            return new WeightsAndBiasesAuth(apiKey.apply(current.apiKey()), serverUrl.apply(current.serverUrl()),
                    enableUsageReports.apply(current.enableUsageReports()),
                    enableRateLimiting.apply(current.enableRateLimiting()));
        }
    }

    public record BodyRoutingPatch(Change<ApiType> apiType) {
        BodyBasedRouting applyTo(BodyBasedRouting current) {
            return new BodyBasedRouting(apiType.apply(current.apiType()));
        }
    }

    public record HeaderRoutingPatch(Change<String> headerName) {
        HeaderBasedRouting applyTo(HeaderBasedRouting current) {
            return new HeaderBasedRouting(headerName.apply(current.headerName()));
        }
    }

    public record EndpointsPatch(Change<List<String>> additionalDns, Change<List<String>> allowedSourceIpRanges,
            Change<EdgeProxyMode> edgeProxyMode) {
        EndpointConfiguration applyTo(EndpointConfiguration current) {
            return new EndpointConfiguration(additionalDns.apply(current.additionalDns()),
                    allowedSourceIpRanges.apply(current.allowedSourceIpRanges()),
                    edgeProxyMode.apply(current.edgeProxyMode()));
        }
    }

    /** The draft this patch makes of a stored spec. */
    public GatewaySpec applyTo(GatewaySpec stored) {
        return new GatewaySpec(
                name.apply(stored.name()),
                zones.apply(stored.zones()),
                coreWeaveAuth.apply(stored.coreWeaveAuth()),
                weightsAndBiasesAuth.merge(stored.weightsAndBiasesAuth(),
                        new WeightsAndBiasesAuth(null, null, null, null), WeightsAndBiasesPatch::applyTo),
                bodyBasedRouting.merge(stored.bodyBasedRouting(), new BodyBasedRouting(null), BodyRoutingPatch::applyTo),
                headerBasedRouting.merge(stored.headerBasedRouting(), new HeaderBasedRouting(null),
                        HeaderRoutingPatch::applyTo),
                pathBasedRouting.apply(stored.pathBasedRouting()),
                endpointConfiguration.merge(stored.endpointConfiguration(),
                        new EndpointConfiguration(null, null, null), EndpointsPatch::applyTo));
    }
}
