package dev.inference.gateway.domain;

import java.util.List;

/**
 * Extra DNS names, source IP restrictions and the edge proxy mode of a gateway's endpoints. {@code edgeProxyMode}
 * null means unset (the platform default, MANAGED) and stays unset in answers.
 */
public record EndpointConfiguration(List<String> additionalDns, List<String> allowedSourceIpRanges,
        EdgeProxyMode edgeProxyMode) {

    public EndpointConfiguration(List<String> additionalDns, List<String> allowedSourceIpRanges) {
        this(additionalDns, allowedSourceIpRanges, null);
    }

    public EndpointConfiguration withAdditionalDns(List<String> names) {
        return new EndpointConfiguration(names, allowedSourceIpRanges, edgeProxyMode);
    }
}
