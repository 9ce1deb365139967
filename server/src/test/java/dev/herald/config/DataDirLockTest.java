package dev.herald.config;

import dev.herald.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data directory holds every notification, user-targeted ones too (herald.db, scheduled.db), and the token key.
 * Made with the default umask it was readable by every account on the machine: the key was owner-only, the
 * notifications it protects were not.
 */
class DataDirLockTest {
    @TempDir
    Path dir;

    @Test
    void aDataDirectoryItMakesIsOwnerOnly() throws Exception {
        Path data = dir.resolve("herald/data");
        try (DataDirLock lock = DataDirLock.acquire(data)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThatThrownBy(() -> DataDirLock.acquire(data)).hasMessageContaining("in use by another Herald");
        }
    }

    @Test
    void oneThatOthersCanReadIsLeftAsItIsWithAWarning() throws Exception {
        Path data = Files.createDirectory(dir.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask
        try (LogCapture log = LogCapture.on(Logger.getLogger(DataDirLock.class.getName()), Level.WARNING);
             DataDirLock lock = DataDirLock.acquire(data)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwxr-xr-x");
            assertThat(log.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains(data.toAbsolutePath().toString()).contains("chmod 700"));
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        try (LogCapture log = LogCapture.on(Logger.getLogger(DataDirLock.class.getName()), Level.WARNING);
             DataDirLock lock = DataDirLock.acquire(data)) {
            assertThat(log.records()).as("owner-only: nothing to say").isEmpty();
        }
    }
}
