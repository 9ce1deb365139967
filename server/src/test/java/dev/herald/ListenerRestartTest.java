package dev.herald;

import dev.herald.support.ForkedMain;
import dev.herald.support.TempDirs;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Main with a low open-file limit, and a client that opens more connections than it allows:
 * Helidon's accept() fails ("Too many open files") and Helidon ends the listener for good. Herald
 * starts the server again on the same ports (the health listener's too), twice, and a stream opened
 * before (taken over from Helidon) stays open throughout.
 */
class ListenerRestartTest {
    private static final int OPEN_FILES = 400;
    private static final int FLOOD = 700;

    @Test
    void aListenerEndedByTheOpenFileLimitListensAgainAndStreamsStayOpen() throws Exception {
        Path dir = TempDirs.create("herald-emfile");
        int port = ForkedMain.freePort();
        int observePort = ForkedMain.freePort();
        // bash's ulimit, so that the JVM starts with this limit (it raises the soft limit only up to the hard one).
        ProcessBuilder pb = ForkedMain.builder(dir, port, "bash", "-c", "ulimit -n " + OPEN_FILES + " && exec \"$@\"", "bash");
        Map<String, String> env = pb.environment();
        env.put("HERALD_STORE", "memory");
        env.put("HERALD_LOG_ACCESS", "false");
        env.put("HERALD_OBSERVE_PORT", String.valueOf(observePort)); // both listeners start again
        Process herald = pb.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        URI observe = URI.create("http://127.0.0.1:" + observePort);
        String log = "see " + dir.resolve("herald.log");
        boolean passed = false;
        try {
            await(log).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> health(http, observe) == 200);
            HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(base.resolve("/events?topic=kept")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            assertThat(readUntil(events, "event: hello")).as("the stream is under way").isTrue();

            for (int round = 1; round <= 2; round++) { // the second one restarts after a pause
                flood(port);
                int ended = round;
                await(log).atMost(Duration.ofSeconds(30)).until(() -> count(dir, "this server socket is terminating now") >= ended);
                await(log).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> health(http, observe) == 200 && count(dir, "listening again on") >= ended);
                HttpResponse<String> published = http.send(HttpRequest.newBuilder(base.resolve("/notify"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"after restart " + round
                                + "\",\"topic\":\"kept\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
                assertThat(readUntil(events, "after restart " + round)).as("the stream from before got it").isTrue();
            }
            assertThat(Files.readString(dir.resolve("herald.log"))).contains("the last restart was less than");
            // Each restart left two of Helidon's threads: the ended listener's, waiting for itself, and the
            // stopped server's idle-connection timer (which ends at its next tick, every 5 s).
            await(log).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(threads(herald.pid()))
                            .as("one listener and one timer: the running server's")
                            .containsEntry("server-@default-listener", 1L).containsEntry("helidon-idle-connection-timer", 1L));
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("the web client's files after the old server's routes were stopped").isEqualTo(200);
            String metrics = http.send(HttpRequest.newBuilder(observe.resolve("/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("herald_listener_restarts_total\\{[^}]*} ([2-9]|\\d{2,})");
            HttpResponse<String> stats = http.send(HttpRequest.newBuilder(base.resolve("/admin/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.body()).contains("\"connected\":1");
            stream.body().close();
            passed = true;
        } finally {
            herald.destroy();
            if (!herald.waitFor(20, TimeUnit.SECONDS)) {
                herald.destroyForcibly();
            }
            if (passed) {
                TempDirs.delete(dir); // a failure's message points into it
            }
        }
    }

    private static void flood(int port) throws Exception {
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    flood.add(s);
                } catch (IOException refused) {
                    s.close(); // the backlog is full, or the listener is gone already
                }
            }
            Thread.sleep(1000); // let the listener reach the limit while every connection is still open
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
    }

    // Thread names of the forked JVM (jcmd), counted; a timer running a task is named after it for a moment.
    private static Map<String, Long> threads(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return dump.lines().filter(l -> l.startsWith("\"")).map(l -> l.substring(1, l.indexOf('"', 1)))
                .map(n -> n.startsWith("idle-timeout-handler-") ? "helidon-idle-connection-timer" : n)
                .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting()));
    }

    private static long count(Path dir, String text) throws IOException {
        return Files.readAllLines(dir.resolve("herald.log")).stream().filter(l -> l.contains(text)).count();
    }

    private static int health(HttpClient http, URI base) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/observe/health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean readUntil(BufferedReader in, String text) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains(text)) {
                return true;
            }
        }
        return false;
    }
}
