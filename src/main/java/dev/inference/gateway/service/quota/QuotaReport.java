package dev.inference.gateway.service.quota;

import java.util.List;

/** An organization's limits and usage, as {@code GET /v1alpha1/inference/quotas} answers them. */
public record QuotaReport(String organizationId, List<Quota> quotas) {
    /** One limit: its name, the limit, and the usage or the burst where the limit has one. */
    public record Quota(String name, Number limit, Long usage, Integer burst) {
    }
}
