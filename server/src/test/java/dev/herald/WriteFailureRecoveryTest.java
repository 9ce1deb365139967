package dev.herald;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.ForkedMain;
import dev.herald.support.TempDirs;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disk refuses the event log's writes, then takes them again, while the real Main runs: publishes are
 * refused with a 503 that says why, health is DOWN meanwhile, nothing refused is stored, and the server
 * takes publishes again by itself. The disk is a file-size limit on the JVM (its soft
 * {@code RLIMIT_FSIZE}, set from outside with {@code prlimit}): SQLite meets it as it meets a full disk, a write that
 * fails part-way, after which it rolls the transaction back on its own (a full tmpfs showed the same).
 */
class WriteFailureRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int port;

    @Test
    void aDiskThatRefusesWritesGets503AndDownAndNothingRefusedIsStoredAndWritesResumeWithoutARestart() throws Exception {
        Path dir = TempDirs.create("herald-full");
        port = ForkedMain.freePort();
        Process herald = ForkedMain.builder(dir, port).start();
        try {
            awaitHealth(200, dir);
            // Once up (SQLite's driver writes its native library out at start): 1 MiB for any file the JVM
            // writes. The WAL gets there first; the log file stays far smaller.
            prlimit(herald, "1048576");
            Map<Long, String> acknowledged = new HashMap<>();
            List<String> refused = new ArrayList<>();
            HttpResponse<String> failed = null;
            for (int batch = 0; batch < 200 && failed == null; batch++) {
                List<String> messages = new ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    messages.add("fill-" + batch + "-" + k + " " + "x".repeat(2_500));
                }
                HttpResponse<String> res = post("/notify/batch", JSON.writeValueAsString(
                        messages.stream().map(m -> Map.of("message", m)).toList()));
                if (res.statusCode() == 202) {
                    JsonNode ids = JSON.readTree(res.body()).get("notifications");
                    for (int k = 0; k < messages.size(); k++) {
                        acknowledged.put(ids.get(k).get("id").asLong(), messages.get(k));
                    }
                } else if (res.statusCode() == 429) {
                    Thread.sleep(1_000);
                } else {
                    failed = res;
                    refused.addAll(messages);
                }
            }
            assertThat(failed).as("a batch refused once the limit is met").isNotNull();
            assertThat(failed.statusCode()).isEqualTo(503);
            JsonNode error = JSON.readTree(failed.body());
            assertThat(error.get("error").asText()).isEqualTo("store_unavailable");
            assertThat(error.get("detail").asText()).contains("nothing was accepted", "the disk refused a write");
            assertThat(acknowledged).isNotEmpty();

            // Below where the log writes next, so that no write goes through: health says so.
            prlimit(herald, "262144");
            awaitHealth(503, dir);
            HttpResponse<String> single = post("/notify", "{\"message\":\"refused-single\"}");
            assertThat(single.statusCode()).isEqualTo(503);
            refused.add("refused-single");

            prlimit(herald, "unlimited");
            awaitHealth(200, dir);
            HttpResponse<String> after = post("/notify", "{\"message\":\"after\"}");
            assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
            long afterId = JSON.readTree(after.body()).get("id").asLong();
            assertThat(afterId).isGreaterThan(acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());

            Map<Long, String> history = history();
            assertThat(history).containsAllEntriesOf(acknowledged).containsEntry(afterId, "after");
            assertThat(history.values()).as("refused publishes are not stored").doesNotContainAnyElementsOf(refused);
            assertThat(Files.readString(dir.resolve("herald.log")))
                    .contains("cannot write to " + dir.resolve("herald.db"))
                    .contains(dir.resolve("herald.db") + " takes writes again");
        } finally {
            herald.destroy();
            if (!herald.waitFor(20, TimeUnit.SECONDS)) {
                herald.destroyForcibly();
            }
        }
        TempDirs.delete(dir); // only when it passed: a failure's message points into it
    }

    private static void prlimit(Process p, String bytes) throws Exception {
        Process set = new ProcessBuilder("prlimit", "--pid", String.valueOf(p.pid()), "--fsize=" + bytes + ":")
                .inheritIO().start();
        assertThat(set.waitFor()).as("prlimit").isZero();
    }

    private void awaitHealth(int status, Path dir) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (last != status) {
            assertThat(System.nanoTime()).as("health stayed " + last + "; see " + dir.resolve("herald.log")).isLessThan(until);
            try {
                last = HTTP.send(HttpRequest.newBuilder(uri("/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException notYet) {
                last = -1;
            }
            if (last != status) {
                Thread.sleep(100);
            }
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<Long, String> history() throws Exception {
        Map<Long, String> found = new HashMap<>();
        String before = "";
        while (true) {
            JsonNode page = JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri("/notifications?limit=500" + before)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode list = page.get("notifications");
            list.forEach(n -> found.put(n.get("id").asLong(), n.get("message").asText()));
            if (list.isEmpty() || !page.get("hasMore").asBoolean()) {
                return found;
            }
            before = "&before=" + list.get(0).get("id").asLong();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
