package dev.herald;

import dev.herald.support.ForkedMain;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Main names a typo wherever a setting can come from: a variable, the HERALD_CONFIG file and a
 * {@code -D} property (HERALD_JAVA_OPTS), which used to be dropped without a word; so is a {@code -D} given
 * to {@code ./herald serve}, which lands after the jar as an argument no one reads.
 */
class StartupWarningsTest {
    @Test
    void aTypoInAVariableTheFileOrADashDIsNamedAtStart() throws Exception {
        Path dir = Files.createTempDirectory("herald-warnings");
        Path file = Files.writeString(dir.resolve("herald.yaml"), "herald:\n  retenton:\n    count: 10\n");
        ProcessBuilder pb = ForkedMain.builder(dir, ForkedMain.freePort());
        pb.command().add(1, "-Dherald.events.hearbeat=5s"); // right after "java", as HERALD_JAVA_OPTS goes
        pb.command().add("-Dherald.events.retry=1s"); // after the main class, as `./herald serve -D...` puts it
        pb.environment().put("HERALD_RETENTON_AGE", "1d");
        pb.environment().put("HERALD_CONFIG", file.toString());
        Process herald = pb.start();
        Path log = dir.resolve("herald.log");
        try {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.readString(log).contains("Herald is up")) {
                assertThat(herald.isAlive()).as("Herald stopped; see " + log).isTrue();
                assertThat(System.nanoTime()).as("Herald did not come up; see " + log).isLessThan(until);
                Thread.sleep(100);
            }
        } finally {
            herald.destroy();
            if (!herald.waitFor(20, TimeUnit.SECONDS)) {
                herald.destroyForcibly();
            }
        }
        assertThat(Files.readString(log))
                .contains("HERALD_RETENTON_AGE is not a Herald setting and is ignored (did you mean HERALD_RETENTION_AGE?)")
                .contains("herald.retenton.count is not a Herald setting and is ignored (did you mean herald.retention.count?)")
                .contains("-Dherald.events.hearbeat is not a Herald setting and is ignored (did you mean herald.events.heartbeat?)")
                .contains("arguments are not read: -Dherald.events.retry=1s (settings are variables, HERALD_CONFIG,"
                        + " or -D options in HERALD_JAVA_OPTS: README, Configuration)");
    }
}
