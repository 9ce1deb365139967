package dev.herald.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened (servers, streams, Redis processes), closed newest first after each test, also
 * when the test failed; every one is closed even when an earlier close throws.
 * {@code @RegisterExtension final Closer closer = new Closer();}
 */
public final class Closer implements AfterEachCallback {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Closes {@code c} after the test; returns it. */
    public synchronized <T extends AutoCloseable> T add(T c) {
        open.push(c);
        return c;
    }

    /** The test closed {@code c} itself (a node it stopped on purpose). */
    public synchronized void remove(AutoCloseable c) {
        open.remove(c);
    }

    private synchronized AutoCloseable next() {
        return open.poll();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (AutoCloseable c = next(); c != null; c = next()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
