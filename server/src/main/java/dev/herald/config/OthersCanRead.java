package dev.herald.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/** Warns at start about data that other accounts on this machine can read (the admin's to fix: a chmod). */
final class OthersCanRead {
    private OthersCanRead() {
    }

    /**
     * @param any  the permissions that let someone else read it
     * @param what what is exposed, and the chmod that fixes it, for the warning
     */
    static void warn(Logger log, Path path, Set<PosixFilePermission> any, String what) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        if (perms.stream().anyMatch(any::contains)) {
            log.warning(path.toAbsolutePath() + " can be read by other accounts on this machine ("
                    + PosixFilePermissions.toString(perms) + "), " + what);
        }
    }
}
