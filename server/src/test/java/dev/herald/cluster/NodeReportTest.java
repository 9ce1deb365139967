package dev.herald.cluster;

import dev.herald.hub.Hub;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's presence report writes its times like every other time in the API. */
class NodeReportTest {
    @Test
    void timesKeepTheirMillisecondsWhenTheyAreZero() {
        try (Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(10, null)), 4, Clock.systemUTC())) {
            NodeReport r = NodeReport.of(hub, "localhost:8080", Instant.parse("2026-11-28T01:00:00Z"),
                    Instant.parse("2026-11-28T01:30:05.120456Z"));
            // Instant.toString drops a zero fraction ("01:00:00Z") and keeps it at its own length (".120").
            assertThat(r.startedAt()).isEqualTo("2026-11-28T01:00:00.000Z");
            assertThat(r.updatedAt()).isEqualTo("2026-11-28T01:30:05.120Z");
        }
    }
}
