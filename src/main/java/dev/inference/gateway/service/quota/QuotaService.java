package dev.inference.gateway.service.quota;

import dev.inference.gateway.domain.QuotaExceededException;
import dev.inference.gateway.persistence.OrganizationUsage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateways quota, checked in the create's transaction after its insert (so concurrent creates cannot pass it
 * together), and the report of an organization's limits and usage.
 */
@ApplicationScoped
public class QuotaService {
    private final QuotaLimits limits;
    private final OrganizationUsage usage;

    QuotaService(QuotaLimits limits, OrganizationUsage usage) {
        this.limits = limits;
        this.usage = usage;
    }

    /** In the create's transaction, after its insert was flushed: fails if the organization now has too many. */
    public Uni<Void> checkGateways(String organizationId) {
        long limit = limits.gateways(organizationId);
        if (limit <= 0) {
            return Uni.createFrom().voidItem();
        }
        return usage.gatewaysInTransaction(organizationId).invoke(count -> {
            if (count > limit) {
                throw new QuotaExceededException(organizationId, "this organization has its limit of " + limit
                        + " gateways; delete one or ask for a higher limit", null);
            }
        }).replaceWithVoid();
    }

    public Uni<QuotaReport> report(String organizationId) {
        return usage.gateways(organizationId).map(count -> {
            List<QuotaReport.Quota> quotas = new ArrayList<>();
            long gateways = limits.gateways(organizationId);
            if (gateways > 0) {
                quotas.add(new QuotaReport.Quota("gateways", gateways, count, null));
            }
            QuotaLimits.Rate rate = limits.rate(organizationId);
            if (!rate.off()) {
                Number perSecond = rate.perSecond() == Math.rint(rate.perSecond()) ? (Number) (long) rate.perSecond()
                        : (Number) rate.perSecond();
                quotas.add(new QuotaReport.Quota("requestsPerSecond", perSecond, null, rate.burst()));
            }
            return new QuotaReport(organizationId, List.copyOf(quotas));
        });
    }
}
