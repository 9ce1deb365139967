package dev.herald.http;

import dev.herald.auth.RateLimiter;

/** Turns a refused rate-limit token into 429 with Retry-After. */
public final class Limits {
    private Limits() {
    }

    public static void check(RateLimiter limiter, String key, String what) {
        check(limiter, key, what, 1);
    }

    public static void check(RateLimiter limiter, String key, String what, int permits) {
        long waitMs = limiter.acquire(key == null ? "anonymous" : key, permits);
        if (waitMs > 0) {
            long seconds = Math.max(1, (waitMs + 999) / 1000);
            throw new TooManyRequests(what + " exceeded; retry in " + seconds + " s", seconds);
        }
    }

    /** A 429; {@link ErrorHandling} adds the Retry-After header. */
    public static final class TooManyRequests extends ApiException {
        private final long retryAfterSeconds;

        public TooManyRequests(String detail, long retryAfterSeconds) {
            this(429, "rate_limited", detail, retryAfterSeconds);
        }

        private TooManyRequests(int status, String error, String detail, long retryAfterSeconds) {
            super(status, error, detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** 503: the server as a whole is at its limit, not the caller (clients retry 5xx as they do 429). */
        public static TooManyRequests serverFull(String detail, long retryAfterSeconds) {
            return new TooManyRequests(503, "server_full", detail, retryAfterSeconds);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
