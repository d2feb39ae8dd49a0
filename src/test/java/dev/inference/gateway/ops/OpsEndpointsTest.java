package dev.inference.gateway.ops;

import static dev.inference.gateway.api.Fixtures.*;
import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpsEndpointsTest {

    @Test
    void healthEndpointsAreUpWithTheDatabaseUp() {
        get("/q/health/live").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("rollout-loop"));
        get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL connections health check")));
        get("/q/health/started").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("application-started"));
    }

    @Test
    void openApiDescribesEveryPathOfTheContract() {
        JsonPath openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        assertThat(paths).containsKeys(BASE, BASE + "/{id}", BASE + "/parameters");
        assertThat(paths.get(BASE)).containsKeys("get", "post");
        assertThat(paths.get(BASE + "/{id}")).containsKeys("get", "patch", "delete");
        assertThat(paths.get(BASE + "/parameters")).containsKey("get");
        assertThat(openapi.getMap("components.schemas")).containsKeys("GatewaySpec", "GatewayResponse",
                "ErrorBody", "GatewayStatus", "ApiType");
    }

    @Test
    void openApiNamesOnlyTheErrorsEachOperationCanAnswer() {
        JsonPath openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        assertThat(responses(openapi, "/parameters", "get")).containsOnlyKeys("200", "401", "406");
        assertThat(openapi.getString("paths.'" + BASE + "/parameters'.get.responses.'200'.content.'application/json'"
                + ".schema.$ref")).endsWith("GatewayParametersResponse");
        assertThat(responses(openapi, "/{id}", "get")).containsOnlyKeys("200", "304", "400", "401", "404", "406",
                "503");
        assertThat(responses(openapi, "", "get")).containsOnlyKeys("200", "400", "401", "406", "410", "429", "503");
        assertThat(responses(openapi, "", "post")).containsOnlyKeys("200", "400", "401", "403", "406", "409", "413",
                "415", "503");
        assertThat(responses(openapi, "/{id}", "patch")).containsOnlyKeys("200", "400", "401", "403", "404", "406",
                "409", "412", "413", "415", "503");
        assertThat(responses(openapi, "/{id}", "delete")).containsOnlyKeys("200", "400", "401", "403", "404", "406",
                "409", "412", "503");
        assertThat(openapi.getString("paths.'" + BASE + "/{id}'.delete.responses.'412'.content.'application/json'"
                + ".schema.$ref")).endsWith("ErrorBody");
        Map<String, Object> bearer = openapi.getMap("components.securitySchemes.bearer");
        assertThat(bearer).containsEntry("type", "http").containsEntry("scheme", "bearer")
                .doesNotContainKey("bearerFormat"); // the tokens are opaque
    }

    private static Map<String, Object> responses(JsonPath openapi, String path, String method) {
        return openapi.getMap("paths.'" + BASE + path + "'." + method + ".responses");
    }

    @Test
    void readinessAndMetricsNameTheZoneDriver() {
        get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'zone-driver' }.data.driver", is("simulated"))
                .body("checks.find { it.name == 'zone-driver' }.data.simulated", is(true));
        assertThat(get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("rollout_zone_driver{driver=\"simulated\"} 1.0");
    }

    @Test
    void requestIdsAreEchoedOrAssigned() {
        as(ACME_ADMIN).header("X-Request-Id", "trace-123").get(BASE + "/parameters").then().statusCode(200)
                .header("X-Request-Id", "trace-123");
        as(ACME_ADMIN).get(BASE + "/parameters").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void metricsExposeRequestAndRolloutMeters() {
        as(ACME_ADMIN).get(BASE + "/parameters").then().statusCode(200);
        String metrics = get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_count")
                .contains("rollout_queue_depth")
                .contains("gateways{status=\"STATUS_READY\"")
                .contains("rollout_zone_steps_total");
    }
}
