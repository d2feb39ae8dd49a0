package dev.inference.gateway.api;

import static dev.inference.gateway.api.Fixtures.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DELETE /gateways/{id}. */
@QuarkusTest
class DeleteGatewayTest {

    @Test
    void deleteAnswersTheGatewayInStatusDeleting() {
        String id = createdId(ACME_ADMIN);
        delete(ACME_ADMIN, id).then().statusCode(200)
                .header("ETag", not(emptyOrNullString()))
                .body("gateway.spec.id", is(id))
                .body("gateway.status.status", is("STATUS_DELETING"));
        assertDeletingOrGone(get(ACME_ADMIN, id));
    }

    @Test
    void deletingTwiceIsHarmless() {
        String id = createdId(ACME_ADMIN);
        delete(ACME_ADMIN, id).then().statusCode(200);
        assertDeletingOrGone(delete(ACME_ADMIN, id));
    }

    @Test
    void deletedGatewayIsListedAsDeletingOrNotAtAll() {
        String id = createdId(ACME_ADMIN);
        delete(ACME_ADMIN, id).then().statusCode(200);
        as(ACME_ADMIN).get(BASE).then().statusCode(200)
                .body("items.findAll { it.spec.id == '" + id + "' }.status.status",
                        everyItem(is("STATUS_DELETING")));
    }

    @Test
    void deleteOfAnAbsentGatewayIsNotFound() {
        assertError(delete(ACME_ADMIN, UUID.randomUUID().toString()), 404, 5);
    }

    @Test
    void deleteWithMismatchedIfMatchIsFailedPrecondition() {
        String id = createdId(ACME_ADMIN);
        assertError(as(ACME_ADMIN).header("If-Match", "\"bogus\"").delete(BASE + "/" + id), 412, 9);
        get(ACME_ADMIN, id).then().statusCode(200).body("gateway.status.status", not(is("STATUS_DELETING")));
    }

    @Test
    void deleteWithCurrentIfMatchSucceeds() {
        String id = createdId(ACME_ADMIN);
        String etag = settledEtag(ACME_ADMIN, id);
        as(ACME_ADMIN).header("If-Match", etag).delete(BASE + "/" + id).then().statusCode(200)
                .body("gateway.status.status", is("STATUS_DELETING"));
    }

    @Test
    void deleteWithWildcardIfMatchSucceeds() {
        String id = createdId(ACME_ADMIN);
        as(ACME_ADMIN).header("If-Match", "*").delete(BASE + "/" + id).then().statusCode(200)
                .body("gateway.status.status", is("STATUS_DELETING"));
    }

    @Test
    void deleteBumpsTheEtag() {
        String id = createdId(ACME_ADMIN);
        String etag = etag(ACME_ADMIN, id);
        Response deleted = delete(ACME_ADMIN, id);
        deleted.then().statusCode(200).header("ETag", not(is(etag)));
    }

    private static void assertDeletingOrGone(Response response) {
        int status = response.statusCode();
        assertTrue(status == 200 || status == 404, response.asString());
        if (status == 200) {
            response.then().body("gateway.status.status", is("STATUS_DELETING"));
        } else {
            assertError(response, 404, 5);
        }
    }
}
