package dev.inference.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A list's reads hold about the same bytes whatever the size of its gateways. */
class FetchSizeTest {

    @Test
    void theFirstReadIsModestThenReadsFollowTheRowsSize() {
        FetchSize size = new FetchSize();
        assertEquals(FetchSize.FIRST, size.next());
        size.read(32, 32 * 58_000L); // gateways at the size limits
        assertEquals(4, size.next(), "256 KiB of 58 KB rows");
        FetchSize small = new FetchSize();
        small.read(32, 32 * 1_200L);
        assertEquals(FetchSize.TARGET_CHARS / 1_200, small.next());
        FetchSize tiny = new FetchSize();
        tiny.read(32, 32 * 100L);
        assertEquals(FetchSize.MAX, tiny.next(), "never more than MAX rows a read");
        FetchSize huge = new FetchSize();
        huge.read(1, 10_000_000L);
        assertEquals(1, huge.next(), "always at least one row");
    }
}
