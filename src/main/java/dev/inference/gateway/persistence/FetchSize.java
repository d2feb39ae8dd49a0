package dev.inference.gateway.persistence;

/**
 * How many rows a list's next cursor read asks for: about {@link #TARGET_CHARS} of stored documents, judged by the
 * rows read so far. A fixed count would hold a hundred times more memory per read for gateways at the size limits
 * (58 KB a row) than for small ones (1 KB), or pay a hundred times more round trips for the small ones.
 */
final class FetchSize {
    /** The first read, before any row was seen. */
    static final int FIRST = 32;
    static final int MAX = 256;
    static final long TARGET_CHARS = 256 * 1024;

    private long rows;
    private long chars;

    int next() {
        if (rows == 0) {
            return FIRST;
        }
        long perRow = Math.max(1, chars / rows);
        return (int) Math.max(1, Math.min(MAX, TARGET_CHARS / perRow));
    }

    void read(int rowCount, long documentChars) {
        rows += rowCount;
        chars += documentChars;
    }
}
