package dev.herald.hub;

import java.io.IOException;

/**
 * A live stream's connection written without blocking (a socket Herald owns, not Helidon): no
 * thread waits for such a stream. The output runs the stream's drain on one of its writer threads
 * when asked ({@link #schedule}) and again when the socket can take bytes it refused before, and
 * reports the client leaving. Why: a thread per stream, even parked, costs memory, and waking it
 * for every event or heartbeat costs CPU (docs/performance.md, eighth session).
 */
public interface LiveOutput {
    /**
     * Called once at the start of the stream's setup (before it waits for a setup slot): from now on
     * the output reports the client leaving.
     *
     * @param gone the client left (the output ends the connection right after)
     */
    void watch(Runnable gone) throws IOException;

    /**
     * Called once when the stream goes live, on the setup thread, after the setup's last write.
     *
     * @param drain writes what is waiting; run by the output on one of its writer threads, never twice at once
     */
    void live(Runnable drain);

    /** The stream has work: run its drain soon. Called on the offering thread (fan-out, heartbeat ticker). */
    void schedule();

    /**
     * Writes one chunk without blocking.
     *
     * @return false when the socket did not take all of it: the rest waits, and drain runs again once it can
     */
    boolean write(byte[] b, int off, int len) throws IOException;

    /** Writes what an earlier write left waiting; false while some still waits (drain runs again later). */
    boolean flushPending() throws IOException;

    /** Ends the response (its last chunk, when the socket takes it) and closes the connection. */
    void end();
}
