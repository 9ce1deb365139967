package dev.herald.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends each stream when the token it connected with expires. A token is checked when its stream
 * connects; without this a stream opened a second before expiry went on getting the user's and its
 * private topics' notifications for as long as the connection lasted (days). The client's reconnect
 * then meets the expired token (401). One timer thread per hub; a stream that ends first cancels its
 * task, so tasks do not pile up for tokens that live for days.
 */
final class TokenExpiry implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            r -> Thread.ofPlatform().name("herald-token-expiry").daemon().unstarted(r));

    TokenExpiry() {
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void watch(Subscriber s, Clock clock, Hub hub) {
        Instant expires = s.info().tokenExpires();
        if (expires == null) {
            return;
        }
        long delayMs = Math.max(0, Duration.between(clock.instant(), expires).toMillis());
        try {
            s.expiresWith(timer.schedule(() -> hub.unsubscribe(s, Subscriber.CloseReason.TOKEN_EXPIRED),
                    delayMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) { // the hub closed while this stream subscribed
            hub.unsubscribe(s, Subscriber.CloseReason.SHUTDOWN);
            throw new ShuttingDown();
        }
    }

    /**
     * True when the stream is over, or its token has expired (then it is ended here): checked by its
     * setup, which may have waited past the expiry for a slot, before the hello and each replay page,
     * so nothing more of the user's is written (the timer's task may not have run yet).
     */
    static boolean ended(Subscriber s, Hub hub) {
        Instant expires = s.info().tokenExpires();
        if (expires != null && !hub.clock().instant().isBefore(expires)) {
            hub.unsubscribe(s, Subscriber.CloseReason.TOKEN_EXPIRED);
        }
        return s.closeReason() != null;
    }

    /** Streams still waiting for their token's expiry (for tests). */
    int watched() {
        return timer.getQueue().size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
