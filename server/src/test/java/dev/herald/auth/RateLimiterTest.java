package dev.herald.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void aKeyGetsItsBurstThenWaitsForTheRate() {
        RateLimiter limiter = new RateLimiter(2, 3, clock::get);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a", 2)).isZero();
        assertThat(limiter.acquire("a")).as("ms until the next token").isEqualTo(500);
        assertThat(limiter.acquire("b")).as("another key has its own bucket").isZero();
        advance(Duration.ofMillis(500));
        assertThat(limiter.acquire("a")).isZero();
    }

    @Test
    void keysThatCameAndWentAreForgottenWithinAMinute() {
        // One token a minute: a drained bucket is still refilling a minute later.
        RateLimiter limiter = new RateLimiter(1.0 / 60, 5, clock::get);
        for (int i = 0; i < 100; i++) {
            limiter.acquire("stream-" + i); // one call each: refilled long before the sweep
        }
        for (int i = 0; i < 5; i++) {
            limiter.acquire("busy");
        }
        assertThat(limiter.keys()).isEqualTo(101);
        advance(Duration.ofSeconds(30));
        limiter.acquire("new");
        assertThat(limiter.keys()).as("no sweep within the minute").isEqualTo(102);
        advance(Duration.ofMinutes(4)); // stream-* and new are full again; busy has 4.5 of 5
        limiter.acquire("later");
        assertThat(limiter.keys()).as("only the still-refilling bucket and the caller's stay").isEqualTo(2);
        assertThat(limiter.acquire("busy")).as("and it still limits").isZero();
    }
}
