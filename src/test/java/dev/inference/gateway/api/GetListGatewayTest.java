package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /gateways/{id}, GET /gateways (with updatedAfter) and GET /gateways/parameters. */
@QuarkusTest
class GetListGatewayTest {

    @Test
    void getAnswersWhatCreateAnswered() {
        Response created = create(ACME_ADMIN, spec());
        created.then().statusCode(200);
        String id = created.path("gateway.spec.id");
        get(ACME_ADMIN, id).then().statusCode(200)
                .header("ETag", not(emptyOrNullString()))
                .body("gateway.spec", is((Map<?, ?>) created.path("gateway.spec")))
                .body("gateway.status.createdAt", is((String) created.path("gateway.status.createdAt")))
                .body("gateway.status.generation", is(1));
    }

    @Test
    void viewerCanGetAndList() {
        String id = createdId(ACME_ADMIN);
        get(ACME_VIEWER, id).then().statusCode(200).body("gateway.spec.id", is(id));
        as(ACME_VIEWER).get(BASE).then().statusCode(200).body("items.spec.id", hasItem(id));
    }

    @Test
    void absentGatewayIsNotFound() {
        String id = UUID.randomUUID().toString();
        Response response = get(ACME_ADMIN, id);
        assertError(response, 404, 5);
        response.then().body("message", containsString(id));
    }

    @Test
    void badUuidInPathIsInvalidArgumentNamingId() {
        for (String bad : List.of("not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g",
                "00000000000000000000000000000000", "(00000000-0000-0000-0000-000000000000)",
                "0-0-0-0-0", UUID.randomUUID() + "0")) {
            assertInvalid(get(ACME_ADMIN, bad), "id");
            assertInvalid(patch(ACME_ADMIN, bad, spec()), "id");
            assertInvalid(mergePatch(ACME_ADMIN, bad, "{}"), "id");
            assertInvalid(delete(ACME_ADMIN, bad), "id");
        }
    }

    @Test
    void upperCaseUuidInPathFindsTheGateway() {
        String id = createdId(ACME_ADMIN);
        get(ACME_ADMIN, id.toUpperCase()).then().statusCode(200).body("gateway.spec.id", is(id));
    }

    @Test
    void listContainsTheCallersGatewaysOnly() {
        String acme = createdId(ACME_ADMIN);
        String globex = createdId(GLOBEX_ADMIN);
        as(ACME_ADMIN).get(BASE).then().statusCode(200)
                .body("items.spec.id", hasItem(acme))
                .body("items.spec.id", not(hasItem(globex)))
                .body("items.spec.organizationId", everyItem(is("acme")))
                .body("$", not(hasKey("nextPageToken")));
        as(GLOBEX_ADMIN).get(BASE).then().statusCode(200)
                .body("items.spec.id", hasItem(globex))
                .body("items.spec.id", not(hasItem(acme)))
                .body("items.spec.organizationId", everyItem(is("globex")));
    }

    @Test
    void listItemsAreFullGateways() {
        String id = createdId(ACME_ADMIN);
        Map<String, Object> item = as(ACME_ADMIN).get(BASE).then().statusCode(200).extract()
                .path("items.find { it.spec.id == '" + id + "' }");
        Map<String, Object> single = get(ACME_ADMIN, id).then().extract().path("gateway");
        assertEquals(single.get("spec"), item.get("spec"));
        assertTrue(((Map<?, ?>) item.get("status")).containsKey("status"));
    }

    @Test
    void aListAfterAChangeShowsTheChangedGateway() {
        String id = createdId(ACME_ADMIN);
        as(ACME_ADMIN).get(BASE).then().statusCode(200); // rendered and kept once
        String name = uniqueName();
        mergePatch(ACME_ADMIN, id, "{\"name\": \"" + name + "\"}").then().statusCode(200);
        List<Map<String, Object>> items = as(ACME_ADMIN).get(BASE).then().statusCode(200).extract().path("items");
        Map<?, ?> spec = items.stream().map(item -> (Map<?, ?>) item.get("spec"))
                .filter(s -> id.equals(s.get("id"))).findFirst().orElseThrow();
        assertEquals(name, spec.get("name"));
    }

    @Test
    void emptyListIsAnEmptyItemsArray() {
        String body = as(ACME_ADMIN).queryParam("updatedAfter", "9999-12-31T23:59:59Z").get(BASE)
                .then().statusCode(200).extract().asString();
        assertTrue(body.matches("\\{\"items\":\\[],\"resourceVersion\":\"\\d+\"}"), body);
    }

    @Test
    void updatedAfterFiltersByUpdateTime() {
        Instant before = Instant.now().minusSeconds(60);
        String id = createdId(ACME_ADMIN);
        as(ACME_ADMIN).queryParam("updatedAfter", before.toString()).get(BASE).then().statusCode(200)
                .body("items.spec.id", hasItem(id));
        as(ACME_ADMIN).queryParam("updatedAfter", "2100-01-01T00:00:00Z").get(BASE).then().statusCode(200)
                .body("items", empty());
        as(ACME_ADMIN).queryParam("updatedAfter", "2000-01-01T00:00:00+02:00").get(BASE).then().statusCode(200)
                .body("items.spec.id", hasItem(id));
    }

    @Test
    void updatedAfterMustBeAnRfc3339Timestamp() {
        for (String bad : List.of("yesterday", "2026-13-01T00:00:00Z", "2026-01-01", "1700000000",
                "2026-01-01T00:00:00", "2026-02-30T00:00:00Z")) {
            assertInvalid(as(ACME_ADMIN).queryParam("updatedAfter", bad).get(BASE), "updatedAfter");
        }
    }

    @Test
    void updatedAfterOutsideYearsOneToNineThousandNineHundredNinetyNineIsInvalid() {
        for (String extreme : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "+294277-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z",
                "9999-12-31T23:59:59-01:00")) {
            assertInvalid(as(ACME_ADMIN).queryParam("updatedAfter", extreme).get(BASE), "updatedAfter");
        }
        String id = createdId(ACME_ADMIN);
        as(ACME_ADMIN).queryParam("updatedAfter", "0001-01-01T00:00:00Z").get(BASE).then().statusCode(200)
                .body("items.spec.id", hasItem(id));
        as(ACME_ADMIN).queryParam("updatedAfter", "9999-12-31T23:59:59Z").get(BASE).then().statusCode(200)
                .body("items", empty());
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagIsNotModified() {
        String id = createdId(ACME_ADMIN);
        String etag = settledEtag(ACME_ADMIN, id);
        as(ACME_ADMIN).header("If-None-Match", etag).get(BASE + "/" + id).then().statusCode(304)
                .header("ETag", is(etag));
        as(ACME_ADMIN).header("If-None-Match", "\"bogus\"").get(BASE + "/" + id).then().statusCode(200)
                .body("gateway.spec.id", is(id));
    }

    @Test
    void parametersListTheZones() {
        as(ACME_ADMIN).get(PARAMETERS).then().statusCode(200)
                .body("zones", contains(ZONES.toArray()));
        as(ACME_VIEWER).get(PARAMETERS).then().statusCode(200).body("zones", hasSize(ZONES.size()));
        as(GLOBEX_ADMIN).get(PARAMETERS).then().statusCode(200).body("zones", hasSize(ZONES.size()));
    }

    @Test
    void parametersRequireAToken() {
        assertError(given().get(PARAMETERS), 401, 16);
        assertError(given().header("Authorization", "Bearer nope").get(PARAMETERS), 401, 16);
    }
}
