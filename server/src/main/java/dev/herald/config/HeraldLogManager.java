package dev.herald.config;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * JUL's own shutdown hook resets the log manager, closing every handler, while Herald's hook is
 * still ending streams, each of which writes its access-log line then: all of them were lost (40 of
 * 40 in {@code ShutdownLogTest}). Main installs this manager before any logger exists; a reset while
 * the JVM shuts down waits for Herald's hook to finish (at most {@link #WAIT_SECONDS}).
 */
public final class HeraldLogManager extends LogManager {
    /** The system property that picks JUL's manager; read once, when the first logger is made. */
    public static final String PROPERTY = "java.util.logging.manager";
    private static final long WAIT_SECONDS = 20;
    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static volatile boolean hooked;

    /** Herald's shutdown hook is registered: from now on a reset at shutdown waits for {@link #stopped()}. */
    public static void hooked() {
        hooked = true;
    }

    /** Herald's shutdown hook is done logging. */
    public static void stopped() {
        STOPPED.countDown();
    }

    @Override
    public void reset() {
        if (hooked && shuttingDown()) {
            try {
                STOPPED.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.reset();
    }

    // The JDK has no "is shutting down" query; registering a hook is refused exactly then.
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
