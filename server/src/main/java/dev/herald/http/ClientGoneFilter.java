package dev.herald.http;

import io.helidon.common.buffers.DataReader;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A client that closes its socket halfway through the request headers is not a server error, but
 * Helidon logs it as "Internal server error" (WARNING and a 17-line trace), one per connection:
 * anyone could flood the log. This drops exactly those records; other errors still show.
 */
public final class ClientGoneFilter implements Filter {
    // Held here: JUL keeps loggers weakly, and a collected logger would lose its filter.
    private static final Logger HTTP1 = Logger.getLogger("io.helidon.webserver.http1.Http1Connection");

    /** Installs the filter (again, harmlessly, for each server). */
    public static void install() {
        HTTP1.setFilter(new ClientGoneFilter());
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                return false;
            }
        }
        return true;
    }
}
