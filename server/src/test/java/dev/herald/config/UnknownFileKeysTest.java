package dev.herald.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misspelled key in the HERALD_CONFIG file is named at start, as a misspelled HERALD_* variable is:
 * {@code retenton: {age: 1d}} used to keep the 7-day default without a word.
 */
class UnknownFileKeysTest {
    @TempDir
    Path dir;

    @Test
    void typosInTheFileAreNamedWithTheNearestSettingAndKnownKeysAreQuiet() throws Exception {
        Path file = Files.writeString(dir.resolve("herald.yaml"), """
                server:
                  port: 18999
                herald:
                  retenton:
                    age: 1d
                  events:
                    hartbeat: 5s
                    queue: 55
                  observe:
                    port: 9090
                  limits:
                    connections:
                      total: 100
                  auth:
                    operators:
                      - sha256:aa
                      - sha256:bb
                  something: else
                """);
        assertThat(UnknownFileKeys.in(file.toString())).containsExactly(
                "HERALD_CONFIG " + file + ": herald.events.hartbeat is not a Herald setting and is ignored"
                        + " (did you mean herald.events.heartbeat?)",
                "HERALD_CONFIG " + file + ": herald.retenton.age is not a Herald setting and is ignored"
                        + " (did you mean herald.retention.age?)",
                "HERALD_CONFIG " + file + ": herald.something is not a Herald setting and is ignored (README, Configuration)");
    }

    @Test
    void withoutAFileThereIsNothingToSay() {
        assertThat(UnknownFileKeys.in(null)).isEmpty();
        assertThat(UnknownFileKeys.in(" ")).isEmpty();
    }
}
