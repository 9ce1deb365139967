package dev.herald.hub;

import dev.herald.store.EventLog;

import java.util.function.BiConsumer;

/**
 * Notices the log starting over under this node (a flushed Redis, or one restored without its data).
 * The open streams were told the old log in their hello, and the new log's ids would mix with the old
 * ones in their clients; the hub closes them, so they reconnect and learn of it from the new hello (found
 * in a QA pass: they never did). Only where the instance can change under us (Redis): a file or memory
 * log keeps its own. Checked every few seconds, so also between events, and per event by the hub (not a
 * round trip each: the Redis log rechecks every few seconds and at once after a reconnect).
 */
final class LogWatch implements AutoCloseable {
    private static final long EVERY_MILLIS = 2000;
    private final EventLog log;
    private final BiConsumer<String, String> changed; // (before, now)
    private final Thread thread; // null when the log's instance cannot change
    private volatile String announced; // the log id new streams were told; null until known
    private volatile boolean closed;

    LogWatch(EventLog log, BiConsumer<String, String> changed) {
        this.log = log;
        this.changed = changed;
        String instance = log.instanceId();
        this.announced = instance.isEmpty() ? null : instance;
        this.thread = log.instanceCanChange()
                ? Thread.ofPlatform().name("herald-log-watch").daemon().start(this::run) : null;
    }

    /** Whether the log can change under us at all (only then is {@link #check} worth a call per event). */
    boolean active() {
        return thread != null;
    }

    synchronized void check() {
        String current = log.instanceId();
        if (current.isEmpty() || current.equals(announced)) {
            return;
        }
        String before = announced;
        announced = current;
        if (before != null) {
            changed.accept(before, current);
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(EVERY_MILLIS);
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The log is away (Redis down): its instance is asked again next round.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
