package dev.herald.hub;

/**
 * The notification ids one connection's page reported delivered and seen ({@code POST /receipts}),
 * so that each counts once. Bits in a window of {@value #WINDOW} ids that slides with the newest id
 * reported (at least 15,872 below it: it moves 512 ids at a time), allocated 512 ids at a time: a
 * connection costs ~0.3–5 KB whether it reported ten notifications or a thousand. (A set of connection
 * ids per notification cost ~48 B per connection and notification: 97 MB of heap for 1,000 pages that
 * reported 1,000 notifications.) Delivered and seen share the window, so an id is in it for both or
 * for neither; one further back counts as reported already (pages report what they were just sent, and
 * the receipts ledger keeps the newest 1,000 notifications only). Not thread-safe: the ledger's lock
 * guards it.
 */
public final class Reported {
    public static final int WINDOW = 16_384;
    private static final int CHUNK_BITS = 9; // 512 ids: eight longs of delivered bits, then eight of seen
    private static final int WORDS = 1 << (CHUNK_BITS - 6);
    private static final int CHUNKS = WINDOW >>> CHUNK_BITS;
    private long[][] chunks; // a ring of chunks; null until the first id
    private long lowChunk; // the oldest chunk (id >>> CHUNK_BITS) in the window

    /** Marks the id delivered; false when it was already, or is older than the window. */
    public boolean delivered(long id) {
        return mark(id, 0);
    }

    /** Marks the id seen; false when it was already, or is older than the window. */
    public boolean seen(long id) {
        return mark(id, WORDS);
    }

    private boolean mark(long id, int offset) {
        long[] words = chunkOf(id);
        if (words == null) {
            return false;
        }
        int word = offset + (int) ((id >>> 6) & (WORDS - 1));
        long bit = 1L << (id & 63);
        if ((words[word] & bit) != 0) {
            return false;
        }
        words[word] |= bit;
        return true;
    }

    // The id's chunk, the window moved up to it when it is newer; null when it is below the window.
    private long[] chunkOf(long id) {
        long chunk = id >>> CHUNK_BITS;
        if (chunks == null) {
            chunks = new long[CHUNKS][];
            lowChunk = Math.max(0, chunk - CHUNKS + 1); // room below the first id: pages load older ones
        } else if (chunk < lowChunk) {
            return null;
        } else if (chunk >= lowChunk + CHUNKS) {
            long newLow = chunk - CHUNKS + 1;
            for (long c = lowChunk; c < Math.min(newLow, lowChunk + CHUNKS); c++) {
                chunks[(int) (c % CHUNKS)] = null;
            }
            lowChunk = newLow;
        }
        int slot = (int) (chunk % CHUNKS);
        long[] words = chunks[slot];
        if (words == null) {
            words = chunks[slot] = new long[2 * WORDS];
        }
        return words;
    }
}
