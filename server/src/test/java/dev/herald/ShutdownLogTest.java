package dev.herald;

import dev.herald.support.ForkedMain;
import dev.herald.support.TempDirs;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the real Main: every stream it ends still gets its access-log line. Streams are logged
 * when they end, so on a stop they are written from Herald's shutdown hook, while JUL's own hook
 * resets (closes) the log handlers.
 */
class ShutdownLogTest {
    private static final int STREAMS = 40;

    @Test
    void everyStreamEndedBySigtermIsLogged() throws Exception {
        Path dir = TempDirs.create("herald-stop");
        int port = ForkedMain.freePort();
        // An application.yaml where Herald runs is not read (it used to replace the defaults, and Helidon's
        // metrics read it even after Herald's own settings stopped doing so).
        Files.writeString(dir.resolve("application.yaml"), "metrics:\n  enabled: false\nserver:\n  port: 1\n");
        Process herald = ForkedMain.builder(dir, port).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<InputStream> streams = new ArrayList<>();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    break;
                } catch (java.io.IOException notYet) {
                    assertThat(System.nanoTime()).as("Herald did not come up; see " + dir.resolve("herald.log")).isLessThan(until);
                    Thread.sleep(100);
                }
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("metrics on, as built in").isEqualTo(200);
            for (int i = 0; i < STREAMS; i++) {
                HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/events?topic=t" + i)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(res.statusCode()).isEqualTo(200);
                res.body().read(); // the stream is under way
                streams.add(res.body());
            }
            herald.destroy(); // SIGTERM
            assertThat(herald.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            herald.destroyForcibly();
            for (InputStream in : streams) {
                in.close();
            }
        }
        List<String> log = Files.readAllLines(dir.resolve("herald.log"));
        assertThat(log).noneMatch(l -> l.contains("Found default config source file"));
        assertThat(log.stream().filter(l -> l.contains(" GET /events?topic=t")).count())
                .as("access lines in %s", dir.resolve("herald.log")).isEqualTo(STREAMS);
        TempDirs.delete(dir); // only when it passed: a failure's message points into it
    }
}
