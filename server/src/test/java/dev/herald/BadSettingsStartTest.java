package dev.herald;

import dev.herald.config.StartupErrors;
import dev.herald.support.ForkedMain;
import dev.herald.support.TempDirs;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A start with several bad settings names every one of them: it used to name the first problem of the
 * first settings class that threw, so an operator fixed one, restarted, and got the next.
 */
class BadSettingsStartTest {
    // One or more bad values for each settings class, some of them values that cannot even be read.
    private static final Map<String, String> BAD = Map.ofEntries(
            entry("server.port", "x"),
            entry("server.backlog", "-5"),
            entry("server.max-tcp-connections", "many"),
            entry("herald.events.queue", "abc"),
            entry("herald.events.heartbeat", "soon"),
            entry("herald.events.detach", "maybe"),
            entry("herald.retention.count", "0"),
            entry("herald.store", "redis"),
            entry("herald.redis.url", "http://h:1"),
            entry("herald.redis.timeout", "50ms"),
            entry("herald.redis.presence.ttl", "1s"),
            entry("herald.limits.connect.rate", "0"),
            entry("herald.limits.connect.burst", "0"),
            entry("herald.limits.publish.rate", "fast"),
            entry("herald.auth.jwt.secret", "too short"),
            entry("herald.cors.origins", "example.com"),
            entry("herald.observe.port", "70000"));

    // Each in the words a start with it alone says (unchanged by collecting them).
    private static final List<String> NAMED = List.of(
            "server.port must be a number, not 'x'",
            "server.backlog (SERVER_BACKLOG) must be at least 1, not -5",
            "server.max-tcp-connections must be a number, not 'many'",
            "herald.events.queue must be a number, not 'abc'",
            "herald.events.heartbeat: not a duration: 'soon' (use e.g. 500ms, 15s, 10m, 2h, 7d)",
            "herald.events.detach must be true or false, not 'maybe'",
            "herald.retention.count must be at least 1",
            "herald.redis.url must start with redis:// or rediss:// (TLS), e.g. redis://:password@host:6379/0",
            "herald.redis.timeout must be at least 100ms",
            "herald.redis.presence.ttl must be at least twice herald.redis.presence.interval",
            "herald.limits.connect.rate must be > 0 (connections per second per IP)",
            "herald.limits.connect.burst must be at least 1",
            "herald.limits.publish.rate must be a number, not 'fast'",
            "herald.auth.jwt.secret must be at least 32 bytes",
            "herald.cors.origins: 'example.com' is not an origin: scheme://host[:port], without a path or trailing slash (or *)",
            "herald.observe.port must be between 0 and 65535, not 70000");

    // As Helidon reads a key from the environment: server.max-tcp-connections is SERVER_MAX_dash_TCP_dash_CONNECTIONS.
    private static String variable(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace("-", "_dash_").replace('.', '_');
    }

    @Test
    void everyBadSettingIsNamedAtOneStart() {
        Throwable e = catchThrowable(() -> TestHerald.start(BAD));
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        List<String> lines = StartupErrors.explain(e).lines().toList();
        assertThat(lines.getFirst()).isEqualTo(NAMED.size() + " problems in the settings:");
        assertThat(lines.subList(1, lines.size())).as("one problem a line, nothing else")
                .containsExactlyInAnyOrderElementsOf(NAMED.stream().map(p -> "  - " + p).toList());
    }

    @Test
    void oneBadSettingIsNamedAsBefore() {
        Throwable e = catchThrowable(() -> TestHerald.start(Map.of("herald.events.queue", "abc")));
        assertThat(StartupErrors.explain(e)).isEqualTo("herald.events.queue must be a number, not 'abc'");
    }

    // What is wrong inside a redis:// URL was found only when the store opened (after the data-dir lock and the
    // jwt-secret file), so a start with it and another bad value named the other alone.
    @Test
    void aBadRedisUrlIsNamedWithTheOtherBadSettings() {
        Throwable e = catchThrowable(() -> TestHerald.start(Map.of("herald.store", "redis",
                "herald.redis.url", "redis://127.0.0.1:6379/abc", "herald.redis.timeout", "50ms")));
        assertThat(StartupErrors.explain(e).lines()).containsExactly("2 problems in the settings:",
                "  - herald.redis.url names a database that is not a number from 0 (after the port: /0, /1...):"
                        + " redis://127.0.0.1:6379/abc",
                "  - herald.redis.timeout must be at least 100ms");
    }

    // The real Main, as an operator runs it: one SEVERE record, every problem on a line of its own, exit code 1.
    @Test
    void theRealMainNamesEveryBadSettingAndExitsWithOne() throws Exception {
        Path dir = TempDirs.create("herald-bad-settings");
        try {
            ProcessBuilder pb = ForkedMain.builder(dir, ForkedMain.freePort());
            BAD.forEach((key, value) -> pb.environment().put(variable(key), value));
            Process herald = pb.start();
            assertThat(herald.waitFor(60, TimeUnit.SECONDS)).as("Herald stopped").isTrue();
            assertThat(herald.exitValue()).isEqualTo(1);
            String log = Files.readString(dir.resolve("herald.log"));
            assertThat(log).contains("SEVERE dev.herald.Main: Herald did not start: " + NAMED.size()
                    + " problems in the settings:" + System.lineSeparator());
            assertThat(log.lines()).containsAll(NAMED.stream().map(p -> "  - " + p).toList());
        } finally {
            TempDirs.delete(dir);
        }
    }
}
