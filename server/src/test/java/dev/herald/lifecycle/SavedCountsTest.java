package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.support.Closer;
import dev.herald.support.ForkedMain;
import dev.herald.support.LogCapture;
import dev.herald.support.SseClient;
import dev.herald.support.TempDirs;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.herald.lifecycle.ScheduledSendTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With SQLite the delivery and receipt counts outlive a restart (counts.db, saved once a second and at a
 * clean stop): equal after a stop and a start, added to by a replay after it and never counted twice,
 * kept across a kill -9 once saved, gone with what retention or a retract removed. The memory store
 * keeps them in memory only, as before.
 */
class SavedCountsTest {
    @RegisterExtension
    final Closer closer = new Closer();
    private Process forked;

    @AfterEach
    void killForked() {
        if (forked != null) {
            forked.destroyForcibly();
        }
    }

    @Test
    void countsOutliveARestartAndAReplayAfterItAddsToThemOnce() throws Exception {
        TestHerald h = TestHerald.start();
        closer.add(h);
        String alice = token(h, "alice");
        long id;
        long unheard;
        try (SseClient a = h.connect("/events?topic=team&token=" + alice); SseClient b = h.connect("/events?topic=team")) {
            String ca = a.awaitConnection();
            String cb = b.awaitConnection();
            id = h.publish("{\"message\":\"deploy at noon\",\"topic\":\"team\"}");
            unheard = h.publish("{\"message\":\"to no one\",\"topic\":\"nobody\"}");
            a.messages(1, Duration.ofSeconds(10));
            b.messages(1, Duration.ofSeconds(10));
            assertThat(receipts(h, "?token=" + alice, ca, "[]", "[" + id + "]").statusCode()).isEqualTo(200);
            assertThat(receipts(h, "", cb, "[" + id + "]", "[]").statusCode()).isEqualTo(200);
        }
        // The detail's "delivered" is pages that reported it; the history row's is connections written to.
        JsonNode before = detail(h, id);
        JsonNode rowBefore = row(h, id);
        assertThat(before.get("recipients").asInt()).isEqualTo(2);
        assertThat(before.get("delivered").asInt()).isEqualTo(2);
        assertThat(before.get("seen").asInt()).isEqualTo(1);
        assertThat(before.get("users").get(0).get("user").asText()).isEqualTo("alice");
        assertThat(rowBefore.get("delivered").asInt()).isEqualTo(2);
        JsonNode unheardBefore = row(h, unheard);
        assertThat(unheardBefore.get("recipients").asInt()).isZero();

        h.restart();
        assertThat(detail(h, id)).as("after a restart").isEqualTo(before);
        assertThat(row(h, id)).as("after a restart").isEqualTo(rowBefore);
        assertThat(row(h, unheard)).as("reached no one, known after a restart").isEqualTo(unheardBefore);

        // A tab that comes back after the restart gets it replayed: one more delivery and one more page.
        try (SseClient c = h.connect("/events?topic=team", Map.of("Last-Event-ID", Long.toString(id - 1)))) {
            String cc = c.awaitConnection();
            assertThat(c.messages(1, Duration.ofSeconds(10)).get(0).id()).isEqualTo(Long.toString(id));
            assertThat(receipts(h, "", cc, "[" + id + "]", "[" + id + "]").statusCode()).isEqualTo(200);
        }
        JsonNode replayed = row(h, id);
        assertThat(replayed.get("recipients").asInt()).as("recipients are counted at the fan-out only").isEqualTo(2);
        assertThat(replayed.get("delivered").asInt()).isEqualTo(3);
        assertThat(replayed.get("pagesDelivered").asInt()).isEqualTo(3);
        assertThat(replayed.get("seen").asInt()).isEqualTo(2);
        JsonNode replayedDetail = detail(h, id);
        assertThat(replayedDetail.get("users")).isEqualTo(before.get("users"));

        h.restart();
        assertThat(row(h, id)).as("the second restart counts nothing twice").isEqualTo(replayed);
        assertThat(detail(h, id)).isEqualTo(replayedDetail);
        h.restart();
        assertThat(row(h, id)).as("nor the third").isEqualTo(replayed);
        assertThat(detail(h, id)).isEqualTo(replayedDetail);
    }

    @Test
    void aKillLosesOnlyWhatWasNotSavedYet() throws Exception {
        Path dir = TempDirs.create("herald-kill-counts");
        closer.add((AutoCloseable) () -> TempDirs.delete(dir));
        int port = ForkedMain.freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        forked = startForked(dir, port, base);
        long id;
        try (SseClient a = SseClient.open(base.resolve("/events?topic=ops"), Map.of());
             SseClient b = SseClient.open(base.resolve("/events?topic=ops"), Map.of())) {
            String ca = a.awaitConnection();
            b.awaitHello();
            id = Long.parseLong(json(TestHerald.send(HttpRequest.newBuilder(base.resolve("/notify"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"disk almost full\",\"topic\":\"ops\"}"))
                    .build())).get("id").asText());
            a.messages(1, Duration.ofSeconds(10));
            b.messages(1, Duration.ofSeconds(10));
            assertThat(TestHerald.send(HttpRequest.newBuilder(base.resolve("/receipts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"connection\":\"" + ca + "\",\"delivered\":[],\"seen\":["
                            + id + "]}")).build()).statusCode()).isEqualTo(200);
            long changed = System.nanoTime();
            // Saved within the second (the flusher's period), give or take this busy machine.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(saved(dir, "SELECT delivered || ',' || pages || ',' || seen FROM counts WHERE id = " + id))
                            .containsExactly("2,1,1"));
            System.out.println("SavedCountsTest: saved " + Duration.ofNanos(System.nanoTime() - changed).toMillis()
                    + " ms after the last change");
        }
        forked.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last flush
        forked = startForked(dir, port, base);
        JsonNode counts = json(TestHerald.send(HttpRequest.newBuilder(base.resolve("/admin/notifications")).build()))
                .get("notifications").get(0);
        assertThat(counts.get("id").asLong()).isEqualTo(id);
        assertThat(counts.get("recipients").asInt()).isEqualTo(2);
        assertThat(counts.get("delivered").asInt()).isEqualTo(2);
        assertThat(counts.get("pagesDelivered").asInt()).isEqualTo(1);
        assertThat(counts.get("seen").asInt()).isEqualTo(1);
    }

    @Test
    void countsOfWhatRetentionOrARetractRemovedGoToo() throws Exception {
        TestHerald h = TestHerald.start(Map.of("herald.retention.count", "2"));
        closer.add(h);
        long first = h.publish("{\"message\":\"one\"}");
        long second = h.publish("{\"message\":\"two\"}");
        long third = h.publish("{\"message\":\"three\"}");
        long fourth = h.publish("{\"message\":\"four\"}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(savedIds(h.dataDir())).contains(first, second, third, fourth));

        assertThat(h.server().log().prune(Instant.now())).isEqualTo(2); // what the 30 s prune does
        assertThat(h.delete("/notifications/" + fourth).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(savedIds(h.dataDir())).contains(third).doesNotContain(first, second, fourth));

        h.restart();
        assertThat(row(h, third).get("recipients").asInt()).isZero();
        assertThat(savedIds(h.dataDir())).contains(third).doesNotContain(first, second, fourth);
    }

    @Test
    void aCountsFileThatCannotBeOpenedIsNamedAndCountsGoOnInMemory() throws Exception {
        TestHerald h = TestHerald.start();
        closer.add(h);
        long before = h.publish("{\"message\":\"stored\"}");
        try (LogCapture log = LogCapture.on(Logger.getLogger(Lifecycle.class.getName()), Level.SEVERE)) {
            h.restart(() -> {
                try {
                    for (String f : new String[] {"counts.db-wal", "counts.db-shm"}) {
                        Files.deleteIfExists(h.dataDir().resolve(f));
                    }
                    Files.writeString(h.dataDir().resolve("counts.db"), "not a database, ".repeat(512));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(log.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains("counts.db").contains("in memory only"));
        }
        assertThat(row(h, before).get("recipients").isNull()).as("its saved counts are not readable").isTrue();
        long after = h.publish("{\"message\":\"counted in memory\"}");
        assertThat(row(h, after).get("recipients").asInt()).isZero();
    }

    @Test
    void aCountsFileANewerHeraldWroteIsLeftAsItWasAndCountsGoOnInMemory() throws Exception {
        TestHerald h = TestHerald.start();
        closer.add(h);
        long before = h.publish("{\"message\":\"stored\"}");
        Path file = h.dataDir().resolve("counts.db");
        try (LogCapture log = LogCapture.on(Logger.getLogger(Lifecycle.class.getName()), Level.SEVERE)) {
            h.restart(() -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                     Statement st = c.createStatement()) {
                    st.execute("PRAGMA user_version = 99");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(log.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains("counts.db").contains("newer Herald").contains("in memory only"));
        }
        long after = h.publish("{\"message\":\"counted in memory\"}");
        assertThat(row(h, after).get("recipients").asInt()).isZero();
        Thread.sleep(1_500); // a flusher would have written by now
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).as("left as the newer build wrote it").isEqualTo(99);
        }
        assertThat(savedIds(h.dataDir())).contains(before).doesNotContain(after);
    }

    @Test
    void aNewEventLogDoesNotTakeTheOldOnesCounts() throws Exception {
        TestHerald h = TestHerald.start();
        closer.add(h);
        long old;
        try (SseClient a = closer.add(h.connect("/events")); SseClient b = closer.add(h.connect("/events"))) {
            a.awaitConnection();
            b.awaitConnection();
            old = h.publish("{\"message\":\"old\"}");
            a.messages(1, Duration.ofSeconds(10));
            b.messages(1, Duration.ofSeconds(10));
        }
        h.restart(() -> deleteLog(h.dataDir())); // herald.db wiped: ids from 1 again, a new log
        long fresh = h.publish("{\"message\":\"new, to no one\"}");
        assertThat(fresh).isEqualTo(old);
        assertThat(row(h, fresh).get("recipients").asInt()).as("reached no one").isZero();
        assertThat(row(h, fresh).get("delivered").asInt()).isZero();
    }

    @Test
    void aRestoredBackupDoesNotGiveItsReusedIdsTheLaterCounts() throws Exception {
        TestHerald h = TestHerald.start();
        closer.add(h);
        h.publish("{\"message\":\"in the backup\"}");
        Path backup = Files.createTempDirectory("herald-backup");
        h.restart(() -> copyLog(h.dataDir(), backup));
        long later;
        try (SseClient a = closer.add(h.connect("/events"))) {
            a.awaitConnection();
            later = h.publish("{\"message\":\"after the backup\"}");
            a.messages(1, Duration.ofSeconds(10));
        }
        h.restart(() -> {
            deleteLog(h.dataDir());
            copyLog(backup, h.dataDir()); // the same log, as it was before `later`
        });
        long again = h.publish("{\"message\":\"its id again, to no one\"}");
        assertThat(again).isEqualTo(later);
        assertThat(row(h, again).get("delivered").asInt()).as("not the counts of the one lost with the restore").isZero();
        TempDirs.delete(backup);
    }

    private static void deleteLog(Path dir) {
        try {
            for (String f : new String[] {"herald.db", "herald.db-wal", "herald.db-shm"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copyLog(Path from, Path to) {
        try {
            for (String f : new String[] {"herald.db", "herald.db-wal"}) {
                if (Files.exists(from.resolve(f))) {
                    Files.copy(from.resolve(f), to.resolve(f));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theMemoryStoreKeepsCountsInMemoryOnly() throws Exception {
        TestHerald h = TestHerald.start(Map.of("herald.store", "memory"));
        closer.add(h);
        long id = h.publish("{\"message\":\"gone at the next start\"}");
        assertThat(row(h, id).get("pagesDelivered").asInt()).isZero(); // known while it runs
        Thread.sleep(1_500); // a flusher would have written by now
        assertThat(Files.exists(h.dataDir().resolve("counts.db"))).isFalse();
    }

    private Process startForked(Path dir, int port, URI base) throws Exception {
        Process p = ForkedMain.builder(dir, port).start();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> TestHerald.send(
                HttpRequest.newBuilder(base.resolve("/observe/health")).build()).statusCode() == 200);
        return p;
    }

    private static String token(TestHerald h, String user) throws Exception {
        HttpResponse<String> res = h.post("/admin/tokens", "application/json", "{\"user\":\"" + user + "\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return json(res).get("token").asText();
    }

    private static HttpResponse<String> receipts(TestHerald h, String query, String connection, String delivered,
                                                 String seen) {
        return h.post("/receipts" + query, "application/json",
                "{\"connection\":\"" + connection + "\",\"delivered\":" + delivered + ",\"seen\":" + seen + "}");
    }

    private static JsonNode detail(TestHerald h, long id) throws Exception {
        return json(h.get("/admin/notifications/" + id)).get("receipts");
    }

    // The history row of one notification (its counts), as GET /admin/notifications shows it.
    private static JsonNode row(TestHerald h, long id) throws Exception {
        for (JsonNode n : json(h.get("/admin/notifications?limit=500")).get("notifications")) {
            if (n.get("id").asLong() == id) {
                return n;
            }
        }
        throw new AssertionError("notification " + id + " not in the history");
    }

    private static TreeSet<Long> savedIds(Path dir) throws Exception {
        TreeSet<Long> ids = new TreeSet<>();
        saved(dir, "SELECT DISTINCT id FROM counts").forEach(s -> ids.add(Long.parseLong(s)));
        return ids;
    }

    // What counts.db holds right now, read the way another program would (it is a plain SQLite file).
    private static java.util.List<String> saved(Path dir, String select) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!Files.exists(dir.resolve("counts.db"))) {
            return out;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("counts.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
