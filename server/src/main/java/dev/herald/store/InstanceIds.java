package dev.herald.store;

import java.security.SecureRandom;

/** New event-log instance ids ({@link EventLog#instanceId}): 63 random bits, written in base 36. */
final class InstanceIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private InstanceIds() {
    }

    /** The bits of a new id (SQLite keeps the number). */
    static long newBits() {
        return RANDOM.nextLong() >>> 1;
    }

    static String text(long bits) {
        return Long.toString(bits, 36);
    }

    static String newId() {
        return text(newBits());
    }
}
