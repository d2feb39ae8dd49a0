package dev.inference.gateway.rollout.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inference.gateway.rollout.ZoneDriverException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What an API server answer means for the zone: terminal for invalid objects, retryable for the rest. */
class KubernetesErrorsTest {
    static final ApiCall CALL = new ApiCall("US-EAST-04A", "https://k8s.example:6443", "update",
            ManagedKind.HTTP_ROUTE, "gw-1-route", "inference-gateways");

    static KubernetesClientException answer(int code, String message) {
        return new KubernetesClientException(message, code,
                new StatusBuilder().withCode(code).withMessage(message).build());
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(answer(400, "bad request body"), false, "rejected HTTPRoute gw-1-route as invalid (400): bad request body"),
                Arguments.of(answer(422, "spec.rules: Too many: 129"), false, "as invalid (422): spec.rules: Too many: 129"),
                Arguments.of(answer(401, "Unauthorized"), true, "does not accept the zone's credentials (401 Unauthorized) on update httproutes.gateway.networking.k8s.io gw-1-route"),
                Arguments.of(answer(403, "forbidden"), true, "does not permit update on httproutes.gateway.networking.k8s.io in namespace inference-gateways (403 Forbidden)"),
                Arguments.of(answer(404, "the server could not find the requested resource"), true, "does not serve httproutes.gateway.networking.k8s.io"),
                Arguments.of(answer(409, "the object has been modified"), true, "kept changing while it was written (409 Conflict)"),
                Arguments.of(answer(429, "slow down"), true, "throttling requests (429 Too Many Requests)"),
                Arguments.of(answer(500, "etcdserver: request timed out"), true, "answered 500 on update"),
                Arguments.of(answer(503, "unavailable"), true, "answered 503"),
                Arguments.of(answer(413, "request entity too large"), false, "refused update httproutes"),
                Arguments.of(new KubernetesClientException("Operation failed", new ConnectException("Connection refused")),
                        true, "cannot reach the API server https://k8s.example:6443 (update httproutes.gateway.networking.k8s.io gw-1-route in namespace inference-gateways): ConnectException: Connection refused"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void classifies(KubernetesClientException failure, boolean retryable, String message) {
        ZoneDriverException e = KubernetesErrors.classify(failure, CALL, Redactor.NONE);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).startsWith("zone US-EAST-04A").contains(message);
    }

    @ParameterizedTest
    @MethodSource("answers")
    void neverQuotesTheSecret(KubernetesClientException ignored) {
        ZoneDriverException e = KubernetesErrors.classify(answer(422, "data: Invalid value: \"s3cr3t-key\""), CALL,
                Redactor.of("s3cr3t-key"));
        assertThat(e.getMessage()).doesNotContain("s3cr3t-key").contains("<redacted>");
    }
}
