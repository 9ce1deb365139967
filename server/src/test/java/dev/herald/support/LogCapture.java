package dev.herald.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a logger (and its children) writes at or above a level, for tests that check a path logs
 * nothing, or that it does log. Attach it after the server started: Helidon's logging setup resets
 * the handlers when the first server starts.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level min;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Level min) {
        this.logger = logger;
        this.min = min;
        logger.addHandler(this);
    }

    public static LogCapture on(Logger logger, Level min) {
        return new LogCapture(logger, min);
    }

    /** Everything logged at or above the level since attached (or the last {@link #clear}). */
    public List<LogRecord> records() {
        return records;
    }

    public void clear() {
        records.clear();
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= min.intValue()) {
            records.add(r);
        }
    }

    @Override
    public void flush() {
    }

    /** Detaches from the logger. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
