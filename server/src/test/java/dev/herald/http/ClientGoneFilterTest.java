package dev.herald.http;

import dev.herald.support.LogCapture;
import dev.herald.support.TestHerald;
import io.helidon.common.buffers.DataReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients that hang up mid-headers leave no trace in the log; real errors still do. */
class ClientGoneFilterTest {
    private static final Logger HTTP1 = Logger.getLogger("io.helidon.webserver.http1.Http1Connection");

    @Test
    void clientsHangingUpMidHeadersLogNothing() throws Exception {
        try (TestHerald h = TestHerald.start(); LogCapture capture = LogCapture.on(HTTP1, Level.ALL)) {
            List<LogRecord> records = capture.records();
            // Control: without the filter a hang-up is logged, so the capture works.
            HTTP1.setFilter(null);
            hangUpMidHeaders(h.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> !records.isEmpty());
            ClientGoneFilter.install();
            for (int i = 0; i < 20; i++) {
                hangUpMidHeaders(h.port());
            }
            Thread.sleep(1500); // the control was logged within milliseconds
            assertThat(records).hasSize(1);
            assertThat(h.get("/notifications").statusCode()).isEqualTo(200);
        } finally {
            ClientGoneFilter.install();
        }
    }

    @Test
    void otherRecordsPass() {
        ClientGoneFilter filter = new ClientGoneFilter();
        LogRecord plain = new LogRecord(Level.WARNING, "Internal server error");
        LogRecord bug = new LogRecord(Level.WARNING, "Internal server error");
        bug.setThrown(new IllegalStateException("a real bug", new NullPointerException()));
        LogRecord gone = new LogRecord(Level.WARNING, "Internal server error");
        gone.setThrown(new RuntimeException("Internal error", new DataReader.InsufficientDataAvailableException()));
        assertThat(filter.isLoggable(plain)).isTrue();
        assertThat(filter.isLoggable(bug)).isTrue();
        assertThat(filter.isLoggable(gone)).isFalse();
    }

    private static void hangUpMidHeaders(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /notifications HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
    }
}
