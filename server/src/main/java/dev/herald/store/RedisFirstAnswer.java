package dev.herald.store;

import java.util.logging.Logger;

/**
 * What a node checks of Redis before relying on it, once: at start, or, when Redis was away then, the first time
 * its reader connects. Refusals no retry can fix stop the start ({@link RedisRefusals}, and a scheme that does not
 * match the port, {@link RedisTlsMismatch}); so does a password Redis does not check, which after the start can
 * only be logged (SEVERE); and a {@code maxmemory-policy} that may evict Herald's keys is warned about
 * ({@link RedisMemory#checkPolicy}). Anything else at start (Redis away, slow) starts the node DOWN, trying again.
 */
final class RedisFirstAnswer {
    private static final Logger LOG = Logger.getLogger(RedisEventLog.class.getName());
    private final RedisEndpoint endpoint;
    private final String stream;
    private final RedisMemory memory;
    private volatile boolean passwordChecked;

    RedisFirstAnswer(RedisEndpoint endpoint, String stream, RedisMemory memory) {
        this.endpoint = endpoint;
        this.stream = stream;
        this.memory = memory;
    }

    /** The start's first command failed: the error that stops the start, or null (the node starts DOWN; logged). */
    String failedAtStart(EventLogException e) {
        String refused = RedisRefusals.atStart(e, endpoint, stream);
        if (refused == null) {
            refused = RedisTlsMismatch.atStart(e, endpoint); // asked only now: one more connection
        }
        if (refused == null) {
            LOG.warning("redis " + endpoint.describe() + " not reachable at start (" + e.getMessage()
                    + "); Herald starts DOWN and keeps trying");
        }
        return refused;
    }

    /** Redis answered at start: the error that stops the start (a password it does not check), or null. */
    String answeredAtStart() {
        return check();
    }

    /** Redis answered after the start (the reader connected again): what would have stopped a start is logged. */
    void answeredLater() {
        String unchecked = check();
        if (unchecked != null) {
            LOG.severe(unchecked + " (found after the start: Herald keeps running)");
        }
    }

    private String check() {
        memory.checkPolicy();
        if (passwordChecked) {
            return null;
        }
        passwordChecked = true;
        return endpoint.passwordGoesUnchecked() ? RedisRefusals.uncheckedPassword(endpoint) : null;
    }
}
