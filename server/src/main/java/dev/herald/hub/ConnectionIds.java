package dev.herald.hub;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection ids unique per server and across restarts and nodes: a random node prefix plus a
 * counter. (The seed used Date.now(), which collides when two tabs connect in one millisecond.)
 */
public final class ConnectionIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public ConnectionIds() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        this.prefix = sb.toString();
    }

    public String nodePrefix() {
        return prefix;
    }

    public String next() {
        return prefix + "-" + Long.toString(counter.incrementAndGet(), 36);
    }
}
