package dev.inference.gateway.lists;

import static dev.inference.gateway.api.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.inference.gateway.support.BigOrganization;
import dev.inference.gateway.support.Slow;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lists of any size stream from a database cursor: an organization of 30,000 gateways (about 30 MB of JSON) is
 * answered whole; a client that stops reading holds the cursor where it is (rows are fetched as they are written,
 * not all at once); a client that goes away frees the connection at once; beyond the bound on unpaged lists a list
 * waits briefly, then answers 429 RESOURCE_EXHAUSTED.
 */
@QuarkusTest
@Slow
class StreamingListTest {
    private static final String INITECH = BigOrganization.TOKEN;
    private static final int GATEWAYS = BigOrganization.GATEWAYS;
    private static final String LIST_QUERY = "SELECT id, organization_id, spec%FROM gateway WHERE organization_id = $1%";

    @Inject
    Pool pool;

    @BeforeEach
    void seed() {
        BigOrganization.seed(pool);
    }

    @Test
    void anUnpagedListOfThirtyThousandGatewaysIsAnsweredWhole() throws Exception {
        try (InputStream body = RestAssured.given().header("Authorization", "Bearer " + INITECH).get(BASE).then()
                .statusCode(200).extract().asInputStream()) {
            // Count the items with a streaming parser: the test never holds the answer either.
            JsonParser parser = new JsonFactory().createParser(body);
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(parser.nextFieldName()).isEqualTo("items");
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            int items = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                parser.skipChildren();
                items++;
            }
            assertThat(items).isEqualTo(GATEWAYS);
            assertThat(parser.nextFieldName()).isEqualTo("resourceVersion");
        }
    }

    @Test
    void aReaderThatStopsHoldsTheCursorAndOneThatLeavesFreesItsConnection() throws Exception {
        try (Socket client = unpagedList()) {
            InputStream in = client.getInputStream();
            in.readNBytes(64 * 1024);
            // The client reads no more: the list waits for it with its cursor open, mid-way. Still there after a
            // second; seen within 10 s, before the database's own limit on an idle transaction (15 s) could end it.
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(listsInFlight()).isEqualTo(1));
        }
        // The client went away: the transaction ends and the connection is back in the pool at once. The bound is the
        // behaviour under test: 0.1 s measured on a loaded 2-core machine, where without the service noticing the
        // close only the database's limits (statement 10 s, idle in transaction 15 s) would end the list.
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(listsInFlight()).isZero());
    }

    @Test
    void beyondTheBoundAnUnpagedListWaitsThenIsRefusedWith429() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // gateway.lists.max-unpaged
                Socket client = unpagedList();
                client.getInputStream().readNBytes(16 * 1024);
                stalled.add(client);
            }
            long started = System.nanoTime();
            assertError(as(INITECH).get(BASE), 429, 8);
            as(INITECH).get(BASE).then().header("Retry-After", "1");
            // gateway.lists.queue-wait (2 s) for each refused list: a lower bound, which a slow machine only helps
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            as(INITECH).queryParam("pageSize", 10).get(BASE).then().statusCode(200); // pages are not bounded
        } finally {
            for (Socket client : stalled) {
                client.close();
            }
        }
        // the closed lists give their slots back as soon as the service sees the connections go (0.1 s, as above)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> as(INITECH).queryParam("updatedAfter", "9999-01-01T00:00:00Z").get(BASE).then().statusCode(200));
    }

    private static Socket unpagedList() throws Exception {
        Socket client = new Socket();
        client.setReceiveBufferSize(16 * 1024); // before connecting, so that the window stays small
        client.setSoTimeout(30_000); // a list that stops sending fails the test instead of hanging the build
        client.connect(new java.net.InetSocketAddress("localhost", RestAssured.port));
        OutputStream out = client.getOutputStream();
        out.write(("GET " + BASE + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + INITECH + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return client;
    }

    /** Database sessions in the middle of a list of initech (a transaction open with the list's cursor). */
    private long listsInFlight() {
        return pool.preparedQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND state <> 'idle' AND pid <> pg_backend_pid() AND query LIKE '" + LIST_QUERY + "'")
                .execute().await().atMost(Duration.ofSeconds(5)) // milliseconds; a hang guard
                .iterator().next().getLong(0);
    }

}
