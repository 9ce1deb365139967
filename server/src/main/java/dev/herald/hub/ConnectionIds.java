package dev.herald.hub;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection ids unique per server and across restarts and nodes: a random node prefix plus a
 * counter (the seed used Date.now(), which collides when two tabs connect in one millisecond), plus
 * 8 random characters: an id is what an anonymous page shows to send receipts for its stream, so
 * another caller must not be able to guess it from its own.
 */
public final class ConnectionIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    public ConnectionIds() {
        this.prefix = randomPart(new StringBuilder(8)).toString();
    }

    public String nodePrefix() {
        return prefix;
    }

    public String next() {
        StringBuilder id = new StringBuilder(28).append(prefix).append('-')
                .append(Long.toString(counter.incrementAndGet(), 36)).append('-');
        return randomPart(id).toString();
    }

    // 8 base-36 characters (~41 bits) from one draw: one call into SecureRandom per connect, not eight.
    private StringBuilder randomPart(StringBuilder sb) {
        long bits = random.nextLong() >>> 1;
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET[(int) (bits % ALPHABET.length)]);
            bits /= ALPHABET.length;
        }
        return sb;
    }
}
