package dev.herald.config;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misspelled {@code -Dherald.*} property is named at start, as a misspelled variable or file key is:
 * {@code -Dherald.events.hearbeat=5s} in HERALD_JAVA_OPTS used to keep the 50 s default without a word.
 */
class UnknownPropertiesTest {
    @Test
    void typosAreNamedWithTheNearestSettingAndKnownOnesAreQuiet() {
        Properties p = new Properties();
        p.setProperty("herald.events.hearbeat", "5s");
        p.setProperty("herald.retenton.age", "1d");
        p.setProperty("herald.something", "else");
        p.setProperty("herald.events.heartbeat", "5s");
        p.setProperty("herald.observe.port", "9090"); // unset in application.yaml, still a setting
        p.setProperty("herald.auth.operators.0", "sha256:aa"); // an element of a list setting
        p.setProperty("herald.config", "/etc/herald.yaml"); // names the file, read by Herald itself
        p.setProperty("java.io.tmpdir", "/tmp"); // the JVM's own: not Herald's to check
        p.setProperty("server.prot", "8080"); // Helidon's server.*: too many to know, as in the file
        assertThat(UnknownProperties.in(p)).containsExactly(
                "-Dherald.events.hearbeat is not a Herald setting and is ignored (did you mean herald.events.heartbeat?)",
                "-Dherald.retenton.age is not a Herald setting and is ignored (did you mean herald.retention.age?)",
                "-Dherald.something is not a Herald setting and is ignored (README, Configuration)");
    }
}
