package dev.inference.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inference.gateway.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * weightsAndBiasesAuth.apiKey is never logged, at any level, while the service handles every operation on a gateway
 * that carries it and requests that carry it and are refused (the requests of {@link SecretHandlingTest}). Reads
 * the log of the service in the test JVM, so it has no {@code @QuarkusIntegrationTest} twin.
 */
@QuarkusTest
class SecretLoggingTest {

    @Test
    void theKeyIsInNoLogLineOfAnyOperation() {
        String key = SecretHandlingTest.secret();
        try (LogCapture logs = new LogCapture()) {
            List<Response> answers = SecretHandlingTest.everyOperationOnAGatewayWith(key);
            String id = answers.get(0).path("gateway.spec.id");
            List<String> lines = logs.lines(Level.ALL);
            assertThat(lines).noneMatch(line -> line.contains(key));
            // The capture works: the service's own lines about this gateway were seen.
            assertThat(lines).as("log lines about %s", id).anyMatch(line -> line.contains(id));
        }
    }

    @Test
    void theKeyIsInNoLogLineOfARefusedRequest() {
        String key = SecretHandlingTest.secret();
        try (LogCapture logs = new LogCapture()) {
            SecretHandlingTest.refusedRequestsWith(key);
            assertThat(logs.lines(Level.ALL)).noneMatch(line -> line.contains(key))
                    .noneMatch(line -> line.contains(key.replace("-", "")));
        }
    }
}
