package dev.herald.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A misspelled HERALD_* variable is named at start, with the setting it probably meant. */
class UnknownVariablesTest {
    @Test
    void typosAreNamedWithTheNearestSettingAndKnownOnesAreQuiet() {
        assertThat(UnknownVariables.in(Map.of(
                "HERALD_RETENTON_AGE", "1s",
                "HERALD_AUTH_OPERATOR", "sha256:x",
                "HERALD_SOMETHING_ELSE_ENTIRELY", "1",
                "HERALD_RETENTION_AGE", "1d",
                "HERALD_EVENTS_RECENT", "10",
                "HERALD_REDIS_PRESENCE_TTL", "10s",
                "HERALD_OBSERVE_PORT", "9090",
                "HERALD_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"))).containsExactly(
                "HERALD_AUTH_OPERATOR is not a Herald setting and is ignored (did you mean HERALD_AUTH_OPERATORS?)",
                "HERALD_RETENTON_AGE is not a Herald setting and is ignored (did you mean HERALD_RETENTION_AGE?)",
                "HERALD_SOMETHING_ELSE_ENTIRELY is not a Herald setting and is ignored (README, Configuration)");
    }

    // HERALD_PORT (the natural guess) was answered "did you mean HERALD_JAR?", a variable only bench/run.sh reads.
    @Test
    void aServerSettingSpelledWithHeraldIsPointedToItsServerVariable() {
        assertThat(UnknownVariables.in(Map.of("HERALD_PORT", "8090", "HERALD_HOST", "127.0.0.1",
                "HERALD_MAX_CONCURRENT_REQUESTS", "100", "HERALD_JAR", "x.jar"))).containsExactly(
                "HERALD_HOST is not a Herald setting and is ignored (did you mean SERVER_HOST?)",
                "HERALD_MAX_CONCURRENT_REQUESTS is not a Herald setting and is ignored"
                        + " (did you mean SERVER_MAX_dash_CONCURRENT_dash_REQUESTS?)",
                "HERALD_PORT is not a Herald setting and is ignored (did you mean SERVER_PORT?)");
    }

    @Test
    void everyVariableTheReadmeNamesIsKnown() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("HERALD_[A-Z_]+[A-Z]").matcher(readme);
        java.util.Set<String> named = new java.util.TreeSet<>();
        while (m.find()) {
            named.add(m.group());
        }
        named.remove("HERALD_RETENTON_AGE"); // the README's example of a typo
        named.remove("HERALD_PORT"); // and of a server setting's variable guessed wrong
        assertThat(named).isNotEmpty();
        assertThat(UnknownVariables.known()).containsAll(named);
    }
}
