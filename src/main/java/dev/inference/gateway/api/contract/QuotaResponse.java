package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The caller's organization's limits and usage; a limit that is off is absent. */
public record QuotaResponse(String organizationId, List<Quota> quotas) {
    /** One limit: {@code gateways} (with its usage) or {@code requestsPerSecond} (with its burst). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quota(String name, Number limit, Long usage, Integer burst) {
    }
}
