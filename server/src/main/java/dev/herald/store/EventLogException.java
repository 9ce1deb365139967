package dev.herald.store;

/** The log could not store or read; callers answer 503 and acknowledge nothing. */
public class EventLogException extends RuntimeException {
    public EventLogException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventLogException(String message) {
        super(message);
    }
}
