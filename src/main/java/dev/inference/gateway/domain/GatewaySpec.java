package dev.inference.gateway.domain;

import java.util.List;

/**
 * The desired state of a gateway, shaped like the contract's GatewaySpec (less the server-owned {@code id} and
 * {@code organizationId}). Exactly one auth and one routing option are set once {@link SpecValidator} has
 * accepted it; an empty {@code zones} list means every available zone.
 */
public record GatewaySpec(
        String name,
        List<String> zones,
        CoreWeaveAuth coreWeaveAuth,
        WeightsAndBiasesAuth weightsAndBiasesAuth,
        BodyBasedRouting bodyBasedRouting,
        HeaderBasedRouting headerBasedRouting,
        PathBasedRouting pathBasedRouting,
        EndpointConfiguration endpointConfiguration,
        RolloutPolicy rolloutPolicy) {

    /** A spec with nothing set (what a request without spec members describes). */
    public static final GatewaySpec EMPTY = new GatewaySpec(null, null, null, null, null, null, null, null, null);

    /** A spec without a rollout policy (every change to every zone at once). */
    public GatewaySpec(String name, List<String> zones, CoreWeaveAuth coreWeaveAuth,
            WeightsAndBiasesAuth weightsAndBiasesAuth, BodyBasedRouting bodyBasedRouting,
            HeaderBasedRouting headerBasedRouting, PathBasedRouting pathBasedRouting,
            EndpointConfiguration endpointConfiguration) {
        this(name, zones, coreWeaveAuth, weightsAndBiasesAuth, bodyBasedRouting, headerBasedRouting, pathBasedRouting,
                endpointConfiguration, null);
    }

    /** The stored secret, if any. */
    public String apiKey() {
        return weightsAndBiasesAuth == null ? null : weightsAndBiasesAuth.apiKey();
    }

    /** The zones this spec is rolled out to: its own list, or every available zone when the list is empty. */
    public List<String> effectiveZones(List<String> availableZones) {
        return zones == null || zones.isEmpty() ? availableZones : zones;
    }

    public List<String> additionalDns() {
        return endpointConfiguration == null || endpointConfiguration.additionalDns() == null
                ? List.of()
                : endpointConfiguration.additionalDns();
    }

    public GatewaySpec withApiKey(String key) {
        if (weightsAndBiasesAuth == null) {
            return this;
        }
        return new GatewaySpec(name, zones, coreWeaveAuth, weightsAndBiasesAuth.withApiKey(key), bodyBasedRouting,
                headerBasedRouting, pathBasedRouting, endpointConfiguration, rolloutPolicy);
    }

    public GatewaySpec withEndpointConfiguration(EndpointConfiguration configuration) {
        return new GatewaySpec(name, zones, coreWeaveAuth, weightsAndBiasesAuth, bodyBasedRouting, headerBasedRouting,
                pathBasedRouting, configuration, rolloutPolicy);
    }

    public GatewaySpec withRolloutPolicy(RolloutPolicy policy) {
        return new GatewaySpec(name, zones, coreWeaveAuth, weightsAndBiasesAuth, bodyBasedRouting, headerBasedRouting,
                pathBasedRouting, endpointConfiguration, policy);
    }

    /**
     * Whether this spec differs from another only in its rollout policy: such a change is stored but makes no
     * revision and starts no rollout (the policy governs the next rollout, not what a zone serves).
     */
    public boolean sameServedAs(GatewaySpec other) {
        return withRolloutPolicy(null).equals(other.withRolloutPolicy(null));
    }
}
