package dev.inference.gateway.api.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Extension: how the caller's organization proves its host names. With {@code verificationEnabled}, a claimed name
 * is programmed only once the TXT record {@code <recordPrefix>.<name>} holds {@code token}.
 */
public record DomainVerificationResponse(String recordPrefix, String token, boolean verificationEnabled,
        List<HostName> hostNames) {

    /** A name one of the organization's gateways holds: {@code VERIFIED} or {@code PENDING}. */
    public record HostName(String name, String recordName, UUID gatewayId, String state, Instant verifiedAt) {
    }
}
