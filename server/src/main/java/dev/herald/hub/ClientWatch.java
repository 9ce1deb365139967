package dev.herald.hub;

/**
 * The HTTP layer's hold on a stream's connection. The stream's own thread blocks in
 * {@link #awaitGone} for the stream's whole life (so that thread is parked once, not woken per
 * event); it returns when the client is gone, or when {@link #release} is called because the
 * stream ended on our side (kicked, dropped, shutdown) and the response must be finished.
 */
public interface ClientWatch {
    /** Blocks until the client closed the connection or {@link #release} was called. */
    void awaitGone();

    /** Makes {@link #awaitGone} return without closing the connection's output. */
    void release();
}
