package dev.herald.http;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopped server leaves none of Helidon's threads: its idle-connection timer used to run on, one more
 * thread per server started in the process (each test class's, each listener restart's). The restart's
 * other thread, an ended listener's, is counted in {@code ListenerRestartTest}.
 */
class StoppedServerThreadsTest {
    @Test
    void aStoppedServersIdleConnectionTimerEnds() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<Thread> timers;
        try (TestHerald h = TestHerald.start(Map.of("server.idle-connection-period", "PT0.2S"))) {
            timers = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .filter(t -> t.getName().equals("helidon-idle-connection-timer")
                            || t.getName().startsWith("idle-timeout-handler-")).toList();
            assertThat(timers).as("this server's timer").hasSize(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !timers.get(0).isAlive());
    }
}
