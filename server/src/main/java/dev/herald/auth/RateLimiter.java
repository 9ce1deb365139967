package dev.herald.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (an IP, an operator): {@code rate} tokens a second, at most {@code burst}
 * saved up. A refused call learns how long to wait (for {@code Retry-After}).
 */
public final class RateLimiter {
    // Keys are forgotten once their bucket has refilled: when there are many, and once a minute, so
    // keys that come and go (a connection id per stream) do not pile up to the cap over an hour.
    private static final int SWEEP_ABOVE = 10_000;
    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    public RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.lastSweep = nanoTime.getAsLong();
    }

    /** The most tokens that can be saved up (and taken at once). */
    public int burst() {
        return (int) burst;
    }

    /** Takes one token: 0 when allowed, else the milliseconds until one is available. */
    public long acquire(String key) {
        return acquire(key, 1);
    }

    /**
     * Takes {@code permits} tokens at once (a batch counts like that many single calls): 0 when
     * allowed, else the milliseconds until they are available. Callers keep permits within
     * {@link #burst()}; more can never be granted.
     */
    public long acquire(String key, int permits) {
        double need = Math.max(1, permits);
        long now = nanoTime.getAsLong();
        if (buckets.size() > SWEEP_ABOVE || now - lastSweep > SWEEP_EVERY_NANOS) {
            lastSweep = now; // two callers may both sweep: harmless
            sweep(now);
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) { // per-key, never held while blocking
            b.tokens = Math.min(burst, b.tokens + (now - b.updated) * ratePerNano);
            b.updated = now;
            if (b.tokens >= need) {
                b.tokens -= need;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((need - b.tokens) / ratePerNano / 1e6));
        }
    }

    /** How many keys have a bucket (for tests). */
    int keys() {
        return buckets.size();
    }

    // Forget keys whose buckets have refilled: they behave exactly like new ones.
    private void sweep(long now) {
        buckets.entrySet().removeIf(e -> e.getValue().tokens + (now - e.getValue().updated) * ratePerNano >= burst);
    }
}
