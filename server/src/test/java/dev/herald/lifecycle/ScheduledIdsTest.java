package dev.herald.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled ids: {@code s-<n>} on one node; {@code s-<tag>.<n>} in cluster mode (the shared store's,
 * see {@link RedisScheduledStoreTest}). Earlier builds kept a cluster node's own in its scheduled.db
 * with a tag of its own: such a file keeps answering to the ids it gave out.
 */
class ScheduledIdsTest {
    @TempDir
    Path dir;

    /**
     * A scheduled.db as a cluster node of the build before the shared store left it: {@code untagged}
     * rows from its single-node days ({@code s-1}...), then the tag, a pending {@code s-<tag>.<n>} and a sent one.
     */
    static void oldClusterFile(Path data, String tag, int untagged) throws Exception {
        Instant due = Instant.parse("2027-01-01T00:00:00Z");
        try (SqliteScheduledStore store = new SqliteScheduledStore(data)) {
            for (int i = 1; i <= untagged; i++) {
                store.add("{\"message\":\"" + tag + " single " + i + "\"}", due.plusSeconds(i), due);
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("scheduled.db"));
             PreparedStatement ps = db.prepareStatement("INSERT INTO meta (key, value) VALUES ('node', ?), ('untagged_upto', ?)")) {
            ps.setString(1, tag);
            ps.setString(2, Integer.toString(untagged));
            ps.executeUpdate();
        }
        try (SqliteScheduledStore store = new SqliteScheduledStore(data)) {
            store.add("{\"message\":\"" + tag + " pending\"}", due.plusSeconds(100), due);
            ScheduledNotification sent = store.add("{\"message\":\"" + tag + " sent\"}", due.plusSeconds(200), due);
            store.finish(sent, ScheduledNotification.Status.SENT, 5L);
        }
    }

    @Test
    void aSingleNodeGivesPlainIds() {
        Instant now = Instant.now();
        try (SqliteScheduledStore store = new SqliteScheduledStore(dir)) {
            assertThat(store.node()).isEmpty();
            assertThat(store.add("{\"message\":\"x\"}", now, now).id()).isEqualTo("s-1");
            assertThat(store.owns(ScheduledNotification.parseId("s-1"))).isTrue();
            assertThat(store.owns(ScheduledNotification.parseId("s-zzzzzz.1"))).isFalse();
        }
    }

    @Test
    void aFileAnOlderClusterNodeLeftKeepsItsIdsAndGivesThemForTheMove() throws Exception {
        oldClusterFile(dir, "k3f9x2", 2);
        try (SqliteScheduledStore store = new SqliteScheduledStore(dir)) {
            assertThat(store.owns(ScheduledNotification.parseId("s-k3f9x2.3"))).as("an id it gave out").isTrue();
            assertThat(store.owns(ScheduledNotification.parseId("s-2"))).isTrue();
            assertThat(store.owns(ScheduledNotification.parseId("s-abcdef.3"))).isFalse();
            assertThat(store.get(ScheduledNotification.parseId("s-k3f9x2.3")).body()).contains("pending");
            assertThat(store.pendingAsGiven()).extracting(ScheduledNotification::id)
                    .containsExactly("s-1", "s-2", "s-k3f9x2.3");
            assertThat(store.add("{}", Instant.now(), Instant.now()).id()).as("new ones on one node: plain").isEqualTo("s-5");
        }
    }

    @Test
    void idsParseWithAndWithoutTheNode() {
        assertThat(ScheduledNotification.parseId("s-7")).isEqualTo(new ScheduledNotification.Id("", 7));
        assertThat(ScheduledNotification.parseId("s-k3f9x2.12")).isEqualTo(new ScheduledNotification.Id("k3f9x2", 12));
        for (String notOne : new String[]{"s-", "7", "s-x", "s-K3F9X2.1", "s-ab.", "s-a.b.1", "s-1234567890123456789", "s--1"}) {
            assertThat(ScheduledNotification.parseId(notOne)).as(notOne).isNull();
        }
    }
}
