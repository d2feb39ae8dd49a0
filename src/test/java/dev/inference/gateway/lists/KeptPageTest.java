package dev.inference.gateway.lists;

import static dev.inference.gateway.api.Fixtures.BASE;
import static dev.inference.gateway.api.Fixtures.createdId;
import static dev.inference.gateway.api.Fixtures.patch;
import static dev.inference.gateway.api.Fixtures.settledEtag;
import static dev.inference.gateway.api.Fixtures.spec;
import static dev.inference.gateway.api.Fixtures.uniqueName;
import static dev.inference.gateway.api.Fixtures.with;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inference.gateway.api.render.RenderedGateways;
import dev.inference.gateway.domain.GatewayVersion;
import dev.inference.gateway.service.GatewayReadService;
import dev.inference.gateway.service.ListPart;
import dev.inference.gateway.service.ListQuery;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page whose answers are all kept is listed from its keys alone (no documents read); once one of its gateways
 * changes, the page is read with its documents. Either way a client gets the same bytes as a list read whole.
 * Organization umbrella is this test's alone, so its pages hold only what the test made.
 */
@QuarkusTest
class KeptPageTest {
    private static final String UMBRELLA_ADMIN = "test-umbrella-admin";

    @Inject
    GatewayReadService service;

    @Inject
    RenderedGateways rendered;

    @Test
    void aPageOfKeptAnswersReadsNoDocumentsAndAChangeReadsThemAgain() {
        Map<String, Object> body = spec();
        String first = createdId(UMBRELLA_ADMIN, body);
        String second = createdId(UMBRELLA_ADMIN, with(spec(), "name", uniqueName()));
        settledEtag(UMBRELLA_ADMIN, first);
        settledEtag(UMBRELLA_ADMIN, second);

        byte[] rendered = page(); // renders and keeps the answers of the page
        assertTrue(items().stream().allMatch(item -> item.gateway() instanceof GatewayVersion),
                "every answer on the page is kept: listed from the keys");
        assertArrayEquals(rendered, page(), "the kept page is the same bytes");

        patch(UMBRELLA_ADMIN, first, with(body, "name", uniqueName())).then().statusCode(200);
        List<ListPart.Item> changed = items(); // nothing has rendered the new version yet
        assertEquals(2, changed.size());
        assertTrue(changed.stream().noneMatch(item -> item.gateway() instanceof GatewayVersion),
                "a changed gateway's answer is not kept: the page is read with its documents");
        assertEquals(first, changed.get(0).gateway().gateway().id().toString());
    }

    private static byte[] page() {
        return given().header("Authorization", "Bearer " + UMBRELLA_ADMIN).queryParam("pageSize", 100)
                .get(BASE).then().statusCode(200).extract().asByteArray();
    }

    private List<ListPart.Item> items() {
        return service.listGateways("umbrella", new ListQuery(null, 100, null),
                        version -> rendered.kept(version.id(), version.version()) != null)
                .filter(part -> part instanceof ListPart.Item).map(part -> (ListPart.Item) part)
                .collect().asList().await().atMost(Duration.ofSeconds(10)); // a page of two: milliseconds; a hang guard
    }
}
