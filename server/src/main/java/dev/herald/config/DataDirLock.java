package dev.herald.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One Herald per data directory. Two nodes started from one checkout without their own
 * {@code HERALD_DATA_DIR} shared the scheduled-notification file, and each sent every scheduled
 * notification (found in a QA pass, cluster mode); two single-node servers on one SQLite file would
 * each fan out only their own publishes. The second one now stops at start, saying why.
 * The directory is made owner-only: it holds every notification, user-targeted ones too, and the token key.
 */
public final class DataDirLock implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DataDirLock.class.getName());
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dir) {
        FileChannel channel = null;
        try {
            makeOwnerOnly(dir);
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

    /**
     * Makes the directory owner-only (like the key file in it) when it does not exist yet; one that exists is
     * the admin's to set, and is only warned about when other accounts can read it. Made with the default
     * umask (0755), every account on the machine could read each user's notifications (found by a tester).
     */
    private static void makeOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            OthersCanRead.warn(LOG, dir, Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE),
                    "and with it every notification it stores: chmod 700 it");
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
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
