package dev.inference.gateway.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Auth option 2: Weights &amp; Biases. {@code apiKey} is write-only: Jackson reads it but never writes it, so
 * it can appear neither in an answer nor in the stored spec document, and {@link #toString()} redacts it.
 */
public record WeightsAndBiasesAuth(
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String apiKey,
        String serverUrl,
        Boolean enableUsageReports,
        Boolean enableRateLimiting) {

    public WeightsAndBiasesAuth withApiKey(String key) {
        return new WeightsAndBiasesAuth(key, serverUrl, enableUsageReports, enableRateLimiting);
    }

    @Override
    public String toString() {
        return "WeightsAndBiasesAuth[apiKey=" + (apiKey == null ? "unset" : "<redacted>") + ", serverUrl=" + serverUrl
                + ", enableUsageReports=" + enableUsageReports + ", enableRateLimiting=" + enableRateLimiting + "]";
    }
}
