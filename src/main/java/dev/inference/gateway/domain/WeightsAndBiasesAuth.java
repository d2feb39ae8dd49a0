package dev.inference.gateway.domain;

/**
 * Auth option 2: Weights &amp; Biases. {@code apiKey} is a secret: never answered, never logged ({@link #toString()}
 * redacts it), stored only sealed.
 */
public record WeightsAndBiasesAuth(
        String apiKey,
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
