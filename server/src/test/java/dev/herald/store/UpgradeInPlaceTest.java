package dev.herald.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.config.StartupErrors;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TempDirs;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * An operator's upgrade in place: a data directory an older build wrote, opened by this one, carries on
 * (history, ids, replay, scheduled sends); one a newer build wrote is refused at start, untouched. The old
 * files are written here with plain JDBC and the exact DDL of the commits named, as those builds did.
 */
class UpgradeInPlaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // herald.db as every build wrote it before layouts were numbered (c0db9c3, 2026-11-25, unchanged since).
    private static final List<String> OLD_EVENTS = List.of("""
            CREATE TABLE IF NOT EXISTS events (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              time_ms INTEGER NOT NULL,
              expires_ms INTEGER,
              topics TEXT NOT NULL,
              users TEXT NOT NULL,
              payload TEXT NOT NULL)""",
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    // scheduled.db as the first day wrote it (e71d2fe): no meta table yet (ff9b21a added it).
    private static final List<String> OLD_SCHEDULED = List.of("""
            CREATE TABLE IF NOT EXISTS scheduled (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              body TEXT NOT NULL,
              due_ms INTEGER NOT NULL,
              created_ms INTEGER NOT NULL,
              status TEXT NOT NULL,
              event_id INTEGER)""",
            "CREATE INDEX IF NOT EXISTS scheduled_pending ON scheduled (status, due_ms)");
    private final Path dir = TempDirs.create("herald-upgrade");

    @AfterEach
    void removeDir() {
        TempDirs.delete(dir);
    }

    @Test
    void aFirstDayDataDirectoryCarriesOnAfterTheUpgrade() throws Exception {
        Instant t = Instant.now().minusSeconds(60);
        try (Connection c = file("herald.db", OLD_EVENTS)) {
            event(c, 1, t, "all", "", "{\"message\":\"one\",\"time\":\"" + t + "\",\"level\":\"info\",\"topics\":[\"all\"]}");
            event(c, 3, t, "all", "alice", "{\"message\":\"for alice\",\"time\":\"" + t
                    + "\",\"level\":\"info\",\"topics\":[\"all\"],\"users\":[\"alice\"]}");
            event(c, 4, t, "all", "", "{\"event\":\"retract\",\"id\":2}"); // id 2 was retracted: its row is gone
        }
        try (Connection c = file("scheduled.db", OLD_SCHEDULED); Statement st = c.createStatement()) {
            st.execute("INSERT INTO scheduled VALUES (1, '{\"message\":\"sent before\"}', " + t.toEpochMilli() + ", "
                    + t.toEpochMilli() + ", 'SENT', 1)");
            st.execute("INSERT INTO scheduled VALUES (2, '{\"message\":\"due after the upgrade\"}', "
                    + Instant.now().plusSeconds(4).toEpochMilli() + ", " + t.toEpochMilli() + ", 'PENDING', NULL)");
        }

        try (TestHerald herald = TestHerald.start(Map.of("herald.data.dir", dir.toString()));
             SseClient resumed = herald.connect("/events", Map.of("Last-Event-ID", "1"))) {
            resumed.awaitHello();
            assertThat(ids(herald.get("/admin/notifications").body())).startsWith(1L, 3L);
            // The scheduled one may go out before or after this publish (a slow start): either way ids go on from 4.
            long published = herald.publish("{\"message\":\"after\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> ids(herald.get("/admin/notifications").body()).size() == 4);
            assertThat(ids(herald.get("/admin/notifications").body())).containsExactly(1L, 3L, 5L, 6L);

            List<SseEvent> got = new ArrayList<>(resumed.drain(Duration.ofSeconds(1)));
            assertThat(got).extracting(SseEvent::id).containsExactly("4", "5", "6");
            assertThat(got.get(0).event()).isEqualTo("retract");
            assertThat(got.get(published == 5 ? 2 : 1).data()).contains("due after the upgrade", "\"scheduled\":\"s-2\"");
            assertThat(JSON.readTree(herald.post("/notify", "application/json",
                    "{\"message\":\"later\",\"delay\":\"1h\"}").body()).get("id").asText()).isEqualTo("s-3");

            herald.restart(); // sent once: not again at the next start
            Thread.sleep(1500);
            assertThat(ids(herald.get("/admin/notifications").body())).containsExactly(1L, 3L, 5L, 6L);
        }
        assertThat(version("herald.db")).isEqualTo(SqliteFile.SCHEMA.latest());
        assertThat(version("scheduled.db")).isEqualTo(1);
    }

    @Test
    void anEventLogANewerHeraldWroteStopsTheStartAndStaysAsItWas() throws Exception {
        try (Connection c = file("herald.db", OLD_EVENTS); Statement st = c.createStatement()) {
            event(c, 7, Instant.now(), "all", "", "{\"message\":\"newer\"}");
            st.execute("PRAGMA user_version = " + (SqliteFile.SCHEMA.latest() + 1));
        }

        String said = StartupErrors.explain(catchThrowable(() -> TestHerald.start(Map.of("herald.data.dir", dir.toString()))));

        assertThat(said).isEqualTo(dir.resolve("herald.db") + " was written by a newer Herald (layout version "
                + (SqliteFile.SCHEMA.latest() + 1) + "; this build knows up to " + SqliteFile.SCHEMA.latest()
                + "): start the newer build again, or go back to the copy of the data directory made before the upgrade"
                + " (README, \"Upgrading\")");
        assertThat(version("herald.db")).isEqualTo(SqliteFile.SCHEMA.latest() + 1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM meta)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows").isEqualTo(1);
            assertThat(rs.getInt(2)).as("no instance id written").isZero();
        }
    }

    @Test
    void aScheduledFileANewerHeraldWroteStopsTheStart() throws Exception {
        try (Connection c = file("scheduled.db", OLD_SCHEDULED); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 2");
        }

        String said = StartupErrors.explain(catchThrowable(() -> TestHerald.start(Map.of("herald.data.dir", dir.toString()))));

        assertThat(said).startsWith(dir.resolve("scheduled.db") + " was written by a newer Herald (layout version 2;"
                + " this build knows up to 1)");
        assertThat(version("scheduled.db")).isEqualTo(2);
        assertThat(openFilesIn(dir)).as("the refused start closed herald.db and the rest it opened").isEmpty();
    }

    // This process's open files under dir (Linux: /proc/self/fd links to them).
    private static List<String> openFilesIn(Path dir) throws java.io.IOException {
        List<String> out = new java.util.ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir.toString())) {
                        out.add(target);
                    }
                } catch (java.io.IOException gone) {
                    // closed meanwhile (the listing's own descriptor among them)
                }
            }
        }
        return out;
    }

    private Connection file(String name, List<String> ddl) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
        try (Statement st = c.createStatement()) {
            for (String sql : ddl) {
                st.execute(sql);
            }
        }
        return c;
    }

    private static void event(Connection c, long id, Instant time, String topics, String users, String payload)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO events (id, time_ms, expires_ms, topics, users, payload) VALUES (?, ?, NULL, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, time.toEpochMilli());
            ps.setString(3, topics);
            ps.setString(4, users);
            ps.setString(5, payload);
            ps.executeUpdate();
        }
    }

    private int version(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name))) {
            return SqliteSchema.version(c);
        }
    }

    private static List<Long> ids(String page) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(page).get("notifications")) {
            ids.add(n.get("id").asLong());
        }
        return ids;
    }
}
