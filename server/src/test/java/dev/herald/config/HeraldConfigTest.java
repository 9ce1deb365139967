package dev.herald.config;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's file is layered over the built-in defaults, never in place of them. */
class HeraldConfigTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileTheBuiltInDefaultsHold() {
        Config c = HeraldConfig.load((String) null);
        assertThat(c.get("server.backlog").asInt().get()).isEqualTo(4096);
        assertThat(c.get("herald.store").asString().get()).isEqualTo("sqlite");
    }

    @Test
    void theOperatorsFileChangesWhatItNamesAndKeepsTheRest() throws Exception {
        Path file = Files.writeString(dir.resolve("herald.yaml"), """
                server:
                  port: 18999
                herald:
                  store: memory
                  events:
                    queue: 55
                """);
        System.setProperty("herald.events.queue", "77");
        try {
            Config c = HeraldConfig.load(file.toString());
            assertThat(c.get("server.port").asInt().get()).isEqualTo(18999);
            assertThat(c.get("herald.store").asString().get()).isEqualTo("memory");
            assertThat(c.get("server.backlog").asInt().get()).as("a default the file does not repeat").isEqualTo(4096);
            assertThat(c.get("herald.events.queue").asInt().get()).as("-D beats the file").isEqualTo(77);
        } finally {
            System.clearProperty("herald.events.queue");
        }
    }

    @Test
    void aFileThatIsNotThereStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> HeraldConfig.load(dir.resolve("nope.yaml").toString()))
                .hasMessageContaining("HERALD_CONFIG").hasMessageContaining("nope.yaml");
        assertThatThrownBy(() -> HeraldConfig.load(dir.toString())).as("a directory")
                .hasMessageContaining("HERALD_CONFIG").hasMessageContaining("not a readable file");
    }

    @Test
    void aBrokenFileIsNamedInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yaml"), "herald:\n  store: [memory\n  events: {\n");
        assertThatThrownBy(() -> HeraldConfig.load(file.toString()))
                .hasMessageStartingWith("HERALD_CONFIG " + file + " cannot be read as configuration: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    // The one line was SnakeYAML's first, "while parsing a flow sequence": what was wrong, and where, came after it.
    @Test
    void aBrokenFileSaysWhatIsWrongAndWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yaml"), "herald:\n  events:\n    heartbeat: [1\n");
        assertThatThrownBy(() -> HeraldConfig.load(file.toString())).hasMessage("HERALD_CONFIG " + file
                + " cannot be read as configuration: while parsing a flow sequence: expected ',' or ']', but got <stream end>"
                + " (line 4, column 1)");
    }

    // A list in the operator's file (YAML sequence) kept winning over HERALD_AUTH_OPERATORS / -D: a token
    // rotated through the environment still let the old one in and refused the new one; the same for
    // herald.auth.private (topics meant private stayed public) and herald.cors.origins.
    @Test
    void anEnvironmentOrSystemValueBeatsAListInTheFile() throws Exception {
        String a = "sha256:" + "a".repeat(64);
        String b = "sha256:" + "b".repeat(64);
        Path file = Files.writeString(dir.resolve("lists.yaml"), """
                herald:
                  auth:
                    operators:
                      - %s
                    private:
                      - secret.*
                  cors:
                    origins:
                      - https://old.example
                """.formatted(a));
        System.setProperty("herald.auth.operators", b);
        System.setProperty("herald.auth.private", "other.*,team-*");
        System.setProperty("herald.cors.origins", "https://new.example");
        try {
            AuthSettings s = AuthSettings.from(HeraldConfig.load(file.toString()), dir);
            assertThat(s.operators()).containsExactly(b);
            assertThat(s.privateTopics()).containsExactly("other.*", "team-*");
            assertThat(s.corsOrigins()).containsExactly("https://new.example");
        } finally {
            System.clearProperty("herald.auth.operators");
            System.clearProperty("herald.auth.private");
            System.clearProperty("herald.cors.origins");
        }
        AuthSettings fromFile = AuthSettings.from(HeraldConfig.load(file.toString()), dir);
        assertThat(fromFile.operators()).as("the file's list, with nothing above it").containsExactly(a);
        assertThat(fromFile.privateTopics()).containsExactly("secret.*");
    }
}
