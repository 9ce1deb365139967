package dev.herald.config;

import dev.herald.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The subscriber-token key made beside the data when none is configured. */
class JwtSecretFileTest {
    @TempDir
    Path dir;

    @Test
    void itIsMadeOnceOwnerOnlyAndWholeAndReadBackTheSame() throws Exception {
        Path data = dir.resolve("data");
        byte[] key = JwtSecretFile.readOrCreate(data);
        Path file = data.resolve(JwtSecretFile.NAME);
        assertThat(key).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).hasSize(64);
        assertThat(JwtSecretFile.readOrCreate(data)).as("the next start").isEqualTo(key);
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("jwt-secret");
        }
    }

    @Test
    void aFileThatDoesNotHoldAKeyStopsTheStartSayingWhatToDo() throws Exception {
        Path file = Files.writeString(dir.resolve(JwtSecretFile.NAME), "zz not hex");
        assertThatThrownBy(() -> JwtSecretFile.readOrCreate(dir)).hasMessageContaining(file.toString())
                .hasMessageContaining("delete it").hasMessageContaining("HERALD_AUTH_JWT_SECRET");
        Files.writeString(file, "00ff"); // cut short, e.g. by a full disk
        assertThatThrownBy(() -> JwtSecretFile.readOrCreate(dir)).hasMessageContaining("64 hex digits")
                .hasMessageNotContaining("at least 32 bytes");
        assertThat(Files.readString(file)).as("left as it was").isEqualTo("00ff");
    }

    @Test
    void aKeyOthersCanReadIsUsedAndWarnedAbout() throws Exception {
        byte[] key = JwtSecretFile.readOrCreate(dir);
        Path file = dir.resolve(JwtSecretFile.NAME);
        try (LogCapture log = LogCapture.on(Logger.getLogger(JwtSecretFile.class.getName()), Level.WARNING)) {
            assertThat(JwtSecretFile.readOrCreate(dir)).isEqualTo(key);
            assertThat(log.records()).as("owner-only: nothing to say").isEmpty();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // copied with umask 022
            assertThat(JwtSecretFile.readOrCreate(dir)).isEqualTo(key);
            assertThat(log.records()).singleElement().extracting(LogRecord::getMessage).asString()
                    .contains(file.toString()).contains("rw-r--r--").contains("chmod 600");
        }
    }
}
