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
        EndpointConfiguration endpointConfiguration) {

    /** A spec with nothing set (what a request without spec members describes). */
    public static final GatewaySpec EMPTY = new GatewaySpec(null, null, null, null, null, null, null, null);

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
                headerBasedRouting, pathBasedRouting, endpointConfiguration);
    }

    public GatewaySpec withEndpointConfiguration(EndpointConfiguration configuration) {
        return new GatewaySpec(name, zones, coreWeaveAuth, weightsAndBiasesAuth, bodyBasedRouting, headerBasedRouting,
                pathBasedRouting, configuration);
    }
}
