package dev.inference.gateway.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Tokens of the test profile and small request helpers shared by the API tests. */
public final class Fixtures {
    public static final String ACME_ADMIN = "test-acme-admin";
    public static final String ACME_VIEWER = "test-acme-viewer";
    public static final String GLOBEX_ADMIN = "test-globex-admin";
    public static final String BASE = "/v1alpha1/inference/gateways";

    private Fixtures() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A valid create body with a unique name. */
    public static String body(String zonesJson) {
        return """
                {"name": "gw-%s", "zones": %s, "coreWeaveAuth": {}, "bodyBasedRouting": {"apiType": "API_TYPE_OPENAI"}}
                """.formatted(UUID.randomUUID().toString().substring(0, 8), zonesJson);
    }

    public static Response create(String token, String body) {
        return as(token).body(body).post(BASE);
    }

    /** Creates a gateway and answers its id. */
    public static String createdId(String token, String body) {
        return create(token, body).then().statusCode(200).extract().path("gateway.spec.id");
    }
}
