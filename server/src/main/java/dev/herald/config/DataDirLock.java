package dev.herald.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Herald per data directory. Two nodes started from one checkout without their own
 * {@code HERALD_DATA_DIR} shared the scheduled-notification file, and each sent every scheduled
 * notification (found in a QA pass, cluster mode); two single-node servers on one SQLite file would
 * each fan out only their own publishes. The second one now stops at start, saying why.
 */
public final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dir) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("herald.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very process (another server object): the same answer.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot use the data directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new IllegalStateException("the data directory " + dir.toAbsolutePath() + " is in use by another Herald "
                + "(each server, and each node of a cluster, needs its own: set HERALD_DATA_DIR)");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Failing anyway.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel's close below releases it too.
        }
        closeQuietly(channel);
    }
}
