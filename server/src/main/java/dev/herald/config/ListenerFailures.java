package dev.herald.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A listener that cannot bind makes Helidon log a SEVERE record with a 25-line trace, then "failed to
 * start, shutting down", and return a stopped server. While the server starts, this keeps both records
 * out of the log and remembers what they said, so the start error names the address and the reason in
 * one line (Helidon's record is the only place that says which of two listeners failed).
 */
public final class ListenerFailures implements Filter, AutoCloseable {
    // Held here: JUL keeps loggers weakly, and a collected logger would lose its filter.
    private static final Logger LOOM = Logger.getLogger("io.helidon.webserver.LoomServer");
    private static final String FAILED = "Failed to start listener: ";
    private static final String SHUTTING_DOWN = "Helidon WebServer failed to start, shutting down";

    /** One listener that did not start: the address as configured and the reason the system gave. */
    public record Failure(String address, int port, String reason) {
    }

    private final Filter previous;
    private final List<Failure> failures = new CopyOnWriteArrayList<>();

    private ListenerFailures() {
        this.previous = LOOM.getFilter();
    }

    /** Starts watching; close it once the server has started or failed. */
    public static ListenerFailures watch() {
        ListenerFailures watch = new ListenerFailures();
        LOOM.setFilter(watch);
        return watch;
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = String.valueOf(record.getMessage());
        if (message.startsWith(FAILED) && record.getThrown() != null) {
            failures.add(failure(message.substring(FAILED.length()), record.getThrown()));
            return false;
        }
        if (message.equals(SHUTTING_DOWN) && !failures.isEmpty()) {
            return false;
        }
        return previous == null || previous.isLoggable(record);
    }

    @Override
    public void close() {
        LOOM.setFilter(previous);
    }

    // "/0.0.0.0:8080" or "localhost/127.0.0.1:8080" (InetSocketAddress.toString), and the innermost cause's words.
    static Failure failure(String address, Throwable thrown) {
        int slash = address.indexOf('/');
        int colon = address.lastIndexOf(':');
        String shown = slash < 0 ? address
                : slash == 0 ? address.substring(1)
                : colon > slash ? address.substring(0, slash) + address.substring(colon) : address;
        colon = shown.lastIndexOf(':');
        int port = -1;
        try {
            port = Integer.parseInt(shown.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // left at -1: the message still names the address
        }
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new Failure(shown, port, reason);
    }
}
