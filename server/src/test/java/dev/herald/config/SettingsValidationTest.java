package dev.herald.config;

import dev.herald.support.LogCapture;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config values that would silently do harm (wipe the history, break every publish) are refused or read as documented. */
class SettingsValidationTest {
    @TempDir
    Path dir;

    private static Config config(Map<String, String> keys) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    // A start refused for herald.events.queue, fixed, was then refused for herald.limits.body: one round per key.
    @Test
    void everyBadValueIsNamedAtOnce() {
        assertThatThrownBy(() -> HeraldSettings.from(config(Map.of("herald.events.queue", "0",
                "herald.limits.body", "10", "herald.retention.count", "0"))))
                .hasMessage(String.join(System.lineSeparator(), "3 problems in the settings:",
                        "  - herald.events.queue must be at least 1",
                        "  - herald.limits.body must be from 256 bytes to " + HeraldSettings.MAX_BODY + " (64 MiB)",
                        "  - herald.retention.count must be at least 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "0d", "PT0S", "0ms"})
    void aZeroRetentionAgeMeansNoAgeLimitInAnyUnit(String age) {
        assertThat(HeraldSettings.from(config(Map.of("herald.retention.age", age))).retentionAge()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"7d, 7", "1d, 1"})
    void aRetentionAgeIsKept(String age, long days) {
        assertThat(HeraldSettings.from(config(Map.of("herald.retention.age", age))).retentionAge())
                .isEqualTo(Duration.ofDays(days));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "herald.retention.age | PT-1S | herald.retention.age",
            "herald.limits.body | 2147483647 | herald.limits.body",
            "herald.limits.body | 100 | herald.limits.body",
            "herald.retention.age | 7days | herald.retention.age",
            "herald.events.heartbeat | abc | herald.events.heartbeat",
            "herald.events.retry | soon | herald.events.retry",
            "herald.events.retry | PT-1S | herald.events.retry",
            "herald.events.recent | -1 | herald.events.recent"})
    void harmfulValuesAreRefusedNamingTheKey(String key, String value, String named) {
        assertThatThrownBy(() -> HeraldSettings.from(config(Map.of(key, value)))).hasMessageContaining(named);
    }

    // The same port as the API failed at listen time with "another server ... choose another with SERVER_PORT".
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0.0.0.0 | 127.0.0.1 | true", "127.0.0.1 | 127.0.0.1 | true",
            "127.0.0.1 | 0.0.0.0 | true", "localhost | 127.0.0.1 | true", "10.1.2.3 | 127.0.0.1 | false"})
    void anObservePortThatIsTheApisOnTheSameAddressIsRefusedNamingBoth(String apiHost, String observeHost, boolean refused) {
        Config c = config(Map.of("server.port", "18555", "server.host", apiHost,
                "herald.observe.port", "18555", "herald.observe.host", observeHost));
        if (refused) {
            assertThatThrownBy(() -> ObserveSettings.from(c)).hasMessageContaining("HERALD_OBSERVE_PORT")
                    .hasMessageContaining("server.port");
        } else {
            assertThat(ObserveSettings.from(c).port()).isEqualTo(18555);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"herald.limits.message | abc | must be a number, not 'abc'",
            "herald.limits.message | 99999999999 | is out of range: '99999999999' is too large a number",
            "herald.limits.message | -99999999999 | is out of range: '-99999999999' is too small a number",
            "herald.events.queue | 1.5 | must be a number, not '1.5'"})
    void aNumberThatIsNotOneIsExplainedNamingTheKeyWithoutHelidonsInternals(String key, String value, String explained) {
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> HeraldSettings.from(config(Map.of(key, value))));
        assertThat(StartupErrors.explain(e)).isEqualTo(key + " " + explained);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "herald.events.detach | maybe", "herald.auth.anonymous | flase", "herald.log.access | yes",
            "herald.limits.loopback | 1", "herald.limits.trust.proxy | ture"})
    void switchesThatAreNeitherTrueNorFalseAreRefusedNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> {
            HeraldSettings.from(config(Map.of(key, value)));
            AuthSettings.from(config(Map.of(key, value)), dir);
        }).hasMessageContaining(key).hasMessageContaining(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "herald.cors.origins | example.com", "herald.cors.origins | https://a.example/",
            "herald.cors.origins | https://a.example/app", "herald.auth.private | user.[",
            "herald.auth.private | team space"})
    void originsAndPatternsThatCanNeverMatchAreRefusedNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> AuthSettings.from(config(Map.of(key, value)), dir))
                .hasMessageContaining(key).hasMessageContaining(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "herald.cors.origins | https://app.example.com:8443, http://localhost:3000, *",
            "herald.auth.private | user.*, team-*, secret"})
    void usableOriginsAndPatternsAreKept(String key, String value) {
        AuthSettings a = AuthSettings.from(config(Map.of(key, value)), dir);
        assertThat(key.contains("cors") ? a.corsOrigins() : a.privateTopics()).hasSize(3);
    }

    // Helidon's own settings: use-nio read "abc" as false without a word, a duration "65s" was called "not a
    // number", and a host that does not resolve failed as "Failed to get address from host: abc", naming no key.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "server.use-nio | abc | server.use-nio must be true or false, not 'abc'",
            "server.idle-connection-timeout | 65s | server.idle-connection-timeout (SERVER_IDLE_dash_CONNECTION_dash_TIMEOUT)"
                    + " must be an ISO-8601 duration such as PT65S, not '65s'",
            "server.idle-connection-period | abc | server.idle-connection-period (SERVER_IDLE_dash_CONNECTION_dash_PERIOD)"
                    + " must be an ISO-8601 duration such as PT5S, not 'abc'",
            "server.host | no-such-host.invalid | server.host (SERVER_HOST) must be an IP address or a host name"
                    + " that resolves, not 'no-such-host.invalid'",
            // A backlog below 1 silently became the JDK's 50 instead of 4096.
            "server.backlog | -5 | server.backlog (SERVER_BACKLOG) must be at least 1, not -5"})
    void helidonsOwnSettingsThatCannotBeUsedAreRefusedNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> HeraldSettings.from(config(Map.of(key, value)))).hasMessage(message);
    }

    @Test
    void anObserveHostThatDoesNotResolveIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ObserveSettings.from(config(Map.of("herald.observe.port", "0",
                "herald.observe.host", "no-such-host.invalid")))).hasMessage("herald.observe.host (HERALD_OBSERVE_HOST)"
                + " must be an IP address or a host name that resolves, not 'no-such-host.invalid'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"server.use-nio | TRUE", "server.idle-connection-timeout | PT2M",
            "server.host | localhost", "server.host | ::1"})
    void usableHelidonSettingsPass(String key, String value) {
        assertThat(HeraldSettings.from(config(Map.of(key, value)))).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"TRUE, true", " false , false", "False, false"})
    void switchesReadTrueAndFalseInAnyCase(String value, boolean expected) {
        assertThat(HeraldSettings.from(config(Map.of("herald.events.detach", value))).detachStreams()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "herald.limits.connect.rate | 0", "herald.limits.connect.burst | 0", "herald.limits.publish.rate | -1",
            "herald.limits.publish.burst | 0", "herald.limits.connections.ip | 0", "herald.limits.connections.user | 0"})
    void limitsOfZeroAreRefusedNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> AuthSettings.from(config(Map.of(key, value)), dir)).hasMessageContaining(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"200000000000000d", "99999999999999999999s"})
    void durationsTooLongAreAClearError(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
    }

    // README tester: a message limit the body limit can never carry was taken without a word.
    @Test
    void aMessageLimitTheBodyLimitCannotCarryIsWarnedAbout() {
        try (LogCapture log = LogCapture.on(Logger.getLogger(HeraldSettings.class.getName()), Level.WARNING)) {
            HeraldSettings.from(config(Map.of("herald.limits.body", "1024")));
            assertThat(log.records()).singleElement().extracting(LogRecord::getMessage).asString()
                    .contains("herald.limits.message (4096 characters) cannot be reached")
                    .contains("HERALD_LIMITS_BODY to at least 4110");
            log.clear();
            HeraldSettings.from(config(Map.of("herald.limits.body", "1024", "herald.limits.message", "1000")));
            assertThat(log.records()).isEmpty();
        }
    }
}
