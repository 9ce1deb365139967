package dev.herald.hub;

/** The hub is closing (the server stops): nothing more is published or subscribed; the HTTP layer answers 503. */
public final class ShuttingDown extends IllegalStateException {
    public ShuttingDown() {
        super("the server is shutting down");
    }
}
