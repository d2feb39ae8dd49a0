package dev.inference.gateway.api.render;

import dev.inference.gateway.api.contract.GatewayMapper;
import dev.inference.gateway.api.contract.StrictJsonReaderTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inference.gateway.api.contract.GatewayResponse;
import dev.inference.gateway.api.contract.WatchEventDto;
import dev.inference.gateway.domain.GatewayVersion;
import dev.inference.gateway.service.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import dev.inference.gateway.domain.CoreWeaveAuth;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.GatewaySpec;
import dev.inference.gateway.domain.GatewayStatus;
import dev.inference.gateway.domain.PathBasedRouting;
import dev.inference.gateway.domain.StoredGateway;
import dev.inference.gateway.service.ListPart;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The answer bytes kept per gateway version, and what a list puts into them. */
class RenderedGatewaysTest {
    static final ObjectMapper MAPPER = StrictJsonReaderTest.applicationMapper();
    static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    /** A stored row that counts how often its documents are read (each read is a render). */
    static final class Row implements StoredGateway {
        final Gateway gateway;
        final AtomicInteger reads = new AtomicInteger();

        Row(UUID id, String name, long version) {
            this.gateway = new Gateway(id, "org", new GatewaySpec(name, List.of("US-EAST-04A"), new CoreWeaveAuth(),
                    null, null, null, new PathBasedRouting(), null), 1, GatewayStatus.STATUS_READY, List.of(),
                    List.of(), T, T, version, null);
        }

        @Override
        public UUID id() {
            return gateway.id();
        }

        @Override
        public long version() {
            return gateway.version();
        }

        @Override
        public Instant createdAt() {
            return T;
        }

        @Override
        public Gateway gateway() {
            reads.incrementAndGet();
            return gateway;
        }
    }

    @Test
    void aGetAnswerIsTheBytesTheMapperWritesAndRendersEachVersionOnce() throws Exception {
        RenderedGateways rendered = new RenderedGateways(MAPPER, 1 << 20);
        Row row = new Row(UUID.randomUUID(), "answered", 7);
        byte[] expected = MAPPER.writeValueAsBytes(
                new GatewayResponse(GatewayMapper.toDto(row.gateway)));
        assertArrayEquals(expected, rendered.answer(row).bytes());
        assertArrayEquals(expected, rendered.answer(row).bytes());
        assertEquals(1, row.reads.get(), "a second GET of the same version reads no document");
        assertSame(rendered.json(row, false), rendered.json(row, false), "a GET keeps what a list then reuses");
    }

    @Test
    void aKeptVersionIsRenderedOnceAndANewVersionAnew() {
        RenderedGateways rendered = new RenderedGateways(MAPPER, 1 << 20);
        UUID id = UUID.randomUUID();
        Row v1 = new Row(id, "first", 1);
        byte[] first = rendered.json(v1, true);
        assertSame(first, rendered.json(v1, true));
        assertSame(first, rendered.json(v1, false), "a list that does not keep still reads what is kept");
        assertEquals(1, v1.reads.get());
        assertEquals("first", name(first));

        Row v2 = new Row(id, "second", 2);
        assertEquals("second", name(rendered.json(v2, true)), "a new row version never answers old bytes");
        assertEquals(1, v2.reads.get());
    }

    @Test
    void whatIsNotKeptIsRenderedEachTimeWithTheSameBytes() {
        RenderedGateways rendered = new RenderedGateways(MAPPER, 1 << 20);
        Row row = new Row(UUID.randomUUID(), "scan", 7);
        byte[] once = rendered.json(row, false);
        byte[] twice = rendered.json(row, false);
        assertNotSame(once, twice);
        assertArrayEquals(once, twice);
        assertEquals(2, row.reads.get());
        assertArrayEquals(once, new RenderedGateways(MAPPER, 0).json(row, true), "the same bytes without a cache");
    }

    @Test
    void aListKeepsItsFirstItemsOnlyAndWritesEveryItem() throws Exception {
        RenderedGateways rendered = new RenderedGateways(MAPPER, 16 << 20);
        ListBodies lists = new ListBodies(MAPPER, rendered);
        int count = RenderedGateways.KEPT_PER_LIST + 150;
        List<Row> rows = IntStream.range(0, count).mapToObj(i -> new Row(UUID.randomUUID(), "g" + i, 1)).toList();
        List<ListPart> parts = new java.util.ArrayList<>(rows.stream().map(r -> (ListPart) new ListPart.Item(r)).toList());
        parts.add(new ListPart.End(null, 42));

        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        lists.list(known -> io.smallrye.mutiny.Multi.createFrom().iterable(parts)).chunks()
                .subscribe().asStream().forEach(chunk -> answer.writeBytes(chunk.getBytes()));
        JsonNode list = MAPPER.readTree(answer.toByteArray());
        assertEquals(count, list.get("items").size());
        assertEquals("g" + (count - 1), list.get("items").get(count - 1).get("spec").get("name").asText());
        assertEquals("42", list.get("resourceVersion").asText());

        rows.forEach(r -> rendered.json(r, false));
        long kept = rows.stream().filter(r -> r.reads.get() == 1).count();
        assertEquals(RenderedGateways.KEPT_PER_LIST, kept);
        assertTrue(rows.subList(0, RenderedGateways.KEPT_PER_LIST).stream().allMatch(r -> r.reads.get() == 1),
                "the first items are the ones kept");
    }

    @Test
    void aPageListedByItsKeysIsWrittenFromTheBytesConfirmedKept() throws Exception {
        RenderedGateways rendered = new RenderedGateways(MAPPER, 16 << 20);
        Row row = new Row(UUID.randomUUID(), "kept", 3);
        byte[] kept = rendered.json(row, true);
        GatewayVersion version = new GatewayVersion(row.id(), row.version(), T);
        GatewayVersion unknown = new GatewayVersion(UUID.randomUUID(), 1, T);

        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        new ListBodies(MAPPER, rendered).list(known -> {
            assertTrue(known.test(version), "a kept version is known");
            assertFalse(known.test(unknown), "a version nothing rendered is not");
            return io.smallrye.mutiny.Multi.createFrom().items(new ListPart.Item(version), new ListPart.End(null, 9));
        }).chunks().subscribe().asStream().forEach(chunk -> answer.writeBytes(chunk.getBytes()));
        assertEquals("{\"items\":[" + new String(kept, StandardCharsets.UTF_8) + "],\"resourceVersion\":\"9\"}",
                answer.toString(StandardCharsets.UTF_8));
        assertEquals(1, row.reads.get(), "written from the kept bytes, without reading the documents");
    }

    @Test
    void aWatchedChangeIsTheBytesJacksonWritesAndItsGatewayIsRenderedOncePerVersion() throws Exception {
        RenderedGateways rendered = new RenderedGateways(MAPPER, 16 << 20);
        Row row = new Row(UUID.randomUUID(), "watched", 4);
        WatchBodies bodies = new WatchBodies(MAPPER, rendered);
        WatchEvent.Change change = new WatchEvent.Change("MODIFIED", 8, row.gateway);
        byte[] expected = (MAPPER.writeValueAsString(new WatchEventDto("MODIFIED", "8", GatewayMapper.toDto(row.gateway),
                null)) + "\n").getBytes(StandardCharsets.UTF_8);
        for (int watcher = 0; watcher < 3; watcher++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            bodies.watch(io.smallrye.mutiny.Multi.createFrom().item(change), WatchBodies.Format.NDJSON).chunks()
                    .subscribe().asStream().forEach(chunk -> stream.writeBytes(chunk.getBytes()));
            assertArrayEquals(expected, stream.toByteArray());
        }
        assertSame(rendered.json(row.gateway), rendered.json(row.gateway), "one render per gateway version");
    }

    static String name(byte[] json) {
        try {
            return MAPPER.readTree(json).get("spec").get("name").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
