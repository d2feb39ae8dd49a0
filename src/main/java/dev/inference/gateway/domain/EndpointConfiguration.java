package dev.inference.gateway.domain;

import java.util.List;

/** Extra DNS names and source IP restrictions of a gateway's endpoints. */
public record EndpointConfiguration(List<String> additionalDns, List<String> allowedSourceIpRanges) {
}
