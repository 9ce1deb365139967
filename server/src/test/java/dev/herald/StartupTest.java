package dev.herald;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting on a port that is taken fails with a sentence that says so, not "Herald is up on port -1". */
class StartupTest {
    private static final Logger LOOM = Logger.getLogger("io.helidon.webserver.LoomServer");

    private final List<LogRecord> loomRecords = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            loomRecords.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureHelidonStartLog() {
        LOOM.addHandler(capture);
    }

    @AfterEach
    void release() {
        LOOM.removeHandler(capture);
    }

    @Test
    void aTakenPortIsReportedClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> TestHerald.start(Map.of("server.host", "127.0.0.1", "server.port", String.valueOf(port))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + port + ": Address already in use")
                    .hasMessageContaining("SERVER_PORT");
        }
        // Helidon's SEVERE record and its 25-line trace stay out of the log: the message above says it all.
        assertThat(loomRecords).noneMatch(r -> r.getThrown() != null);
        // A port out of range names the setting (Helidon says only "port out of range:99999").
        for (String bad : new String[]{"99999", "-5"}) { // a negative one used to start on a random port
            assertThatThrownBy(() -> TestHerald.start(Map.of("server.port", bad)))
                    .satisfies(e -> assertThat(dev.herald.config.StartupErrors.explain(e))
                            .startsWith("SERVER_PORT (server.port) must be from 0 to 65535").endsWith("not " + bad));
        }
        // An address no interface has names the host setting, not the port.
        assertThatThrownBy(() -> TestHerald.start(Map.of("server.host", "192.0.2.1", "server.port", "0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot listen on 192.0.2.1:0")
                .hasMessageContaining("SERVER_HOST");
        // A taken observe port is named too (it used to blame the free API port alone).
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> TestHerald.start(Map.of("server.host", "127.0.0.1", "server.port", "0",
                    "herald.observe.port", String.valueOf(port))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the observe listener 127.0.0.1:" + port + ": Address already in use")
                    .hasMessageContaining("HERALD_OBSERVE_PORT");
        }
        // Two servers on one data directory (two nodes from one checkout): the second says so.
        try (TestHerald first = TestHerald.start()) {
            assertThatThrownBy(() -> TestHerald.start(Map.of("herald.data.dir", first.dataDir().toString())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another Herald")
                    .hasMessageContaining("HERALD_DATA_DIR");
            assertThat(first.notify("{\"message\":\"still fine\"}").statusCode()).isEqualTo(202);
        }
        // nothing was left half-open: a server on a free port starts normally afterwards
        try (TestHerald h = TestHerald.start()) {
            assertThat(h.notify("{\"message\":\"Hello\"}").statusCode()).isEqualTo(202);
        }
    }
}
