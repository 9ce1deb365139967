package dev.herald.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduled ids: {@code s-<n>} on one node, {@code s-<node>.<n>} in cluster mode, the tag kept in scheduled.db. */
class ScheduledIdsTest {
    @TempDir
    Path dir;

    @Test
    void aClusterStoreKeepsItsTagAcrossRestartsAndASingleNodeHasNone() {
        Instant now = Instant.now();
        String tag;
        try (SqliteScheduledStore store = new SqliteScheduledStore(dir.resolve("a"), true)) {
            tag = store.node();
            assertThat(tag).matches("[a-z0-9]{6}");
            assertThat(store.add("{\"message\":\"x\"}", now, now).id()).isEqualTo("s-" + tag + ".1");
        }
        try (SqliteScheduledStore store = new SqliteScheduledStore(dir.resolve("a"), true)) {
            assertThat(store.node()).as("the same after a restart").isEqualTo(tag);
            assertThat(store.get(1).id()).isEqualTo("s-" + tag + ".1");
            assertThat(store.pending()).extracting(ScheduledNotification::id).containsExactly("s-" + tag + ".1");
        }
        try (SqliteScheduledStore store = new SqliteScheduledStore(dir.resolve("a"))) {
            assertThat(store.node()).as("back to a single node: plain ids").isEmpty();
            assertThat(store.get(1).id()).isEqualTo("s-1");
        }
        try (SqliteScheduledStore other = new SqliteScheduledStore(dir.resolve("b"), true)) {
            assertThat(other.node()).as("another node's store").isNotEqualTo(tag);
        }
    }

    @Test
    void aSingleNodeTurnedClusterNodeKeepsTheIdsItGaveOutAndAcceptsBothKindsAfterwards() {
        Instant now = Instant.now();
        Path data = dir.resolve("upgraded");
        try (SqliteScheduledStore single = new SqliteScheduledStore(data)) {
            assertThat(single.add("{\"message\":\"one\"}", now, now).id()).isEqualTo("s-1");
            assertThat(single.add("{\"message\":\"two\"}", now, now).id()).isEqualTo("s-2");
        }
        String tag;
        try (SqliteScheduledStore cluster = new SqliteScheduledStore(data, true)) {
            tag = cluster.node();
            assertThat(cluster.get(1).id()).as("publishers hold s-1: it stays s-1").isEqualTo("s-1");
            assertThat(cluster.add("{\"message\":\"three\"}", now, now).id()).isEqualTo("s-" + tag + ".3");
            assertThat(cluster.owns(ScheduledNotification.parseId("s-2"))).isTrue();
            assertThat(cluster.owns(ScheduledNotification.parseId("s-" + tag + ".3"))).isTrue();
            assertThat(cluster.owns(ScheduledNotification.parseId("s-3"))).as("another node's s-3").isFalse();
            assertThat(cluster.owns(ScheduledNotification.parseId("s-zzzzzz.1"))).isFalse();
        }
        try (SqliteScheduledStore singleAgain = new SqliteScheduledStore(data)) {
            assertThat(singleAgain.get(3).id()).isEqualTo("s-3");
            assertThat(singleAgain.owns(ScheduledNotification.parseId("s-" + tag + ".3")))
                    .as("the id it gave out as a cluster node still works").isTrue();
            assertThat(singleAgain.owns(ScheduledNotification.parseId("s-3"))).isTrue();
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
