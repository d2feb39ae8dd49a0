package dev.inference.gateway.service.hosts;

import dev.inference.gateway.domain.StatusRollup;
import dev.inference.gateway.persistence.HostClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an organization needs to prove its host names: its token, whether the check is on, and its names. */
@ApplicationScoped
public class DomainVerifications {
    public record Name(String name, String recordName, UUID gatewayId, boolean verified, Instant verifiedAt) {
    }

    public record Report(String recordPrefix, String token, boolean verificationEnabled, List<Name> hostNames) {
    }

    private final HostClaims hosts;

    DomainVerifications(HostClaims hosts) {
        this.hosts = hosts;
    }

    /** The organization's report; its token is made on first need. */
    public Uni<Report> report(String organizationId) {
        return hosts.token(organizationId).chain(token -> hosts.ofOrganization(organizationId).map(claimed -> {
            boolean on = hosts.verifying();
            List<Name> names = claimed.stream().map(c -> new Name(c.name(),
                    StatusRollup.VERIFICATION_PREFIX + "." + c.name(), c.gatewayId(),
                    !on || c.verifiedAt() != null, c.verifiedAt())).toList();
            return new Report(StatusRollup.VERIFICATION_PREFIX, token, on, names);
        }));
    }
}
