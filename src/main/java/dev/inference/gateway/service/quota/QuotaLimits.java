package dev.inference.gateway.service.quota;

import dev.inference.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Each organization's limits: its own overrides, else the defaults ({@code gateway.quota.*}); 0 means off. */
@ApplicationScoped
public class QuotaLimits {
    /** A request rate: tokens per second and the bucket's size. */
    public record Rate(double perSecond, int burst) {
        public boolean off() {
            return perSecond <= 0;
        }
    }

    private final GatewayConfig.Quota config;

    QuotaLimits(GatewayConfig config) {
        this.config = config.quota();
    }

    public long gateways(String organizationId) {
        GatewayConfig.Quota.OrganizationQuota own = config.organizations().get(organizationId);
        return own != null && own.gateways().isPresent() ? own.gateways().get() : config.gatewaysPerOrganization();
    }

    public Rate rate(String organizationId) {
        GatewayConfig.Quota.OrganizationQuota own = config.organizations().get(organizationId);
        double perSecond = own != null && own.requestsPerSecond().isPresent() ? own.requestsPerSecond().get()
                : config.requestsPerSecond();
        int burst = own != null && own.burst().isPresent() ? own.burst().get() : config.burst();
        return new Rate(perSecond, Math.max(1, burst));
    }
}
