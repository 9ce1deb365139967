package dev.herald.lifecycle;

import dev.herald.hub.Hub;
import dev.herald.hub.Reported;
import dev.herald.store.EventDraft;
import dev.herald.store.EventLog;
import dev.herald.store.SqliteEventLog;
import dev.herald.support.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last save at a stop: a stop may run on a thread already interrupted (the drain's sleep was cut
 * short), and the wait for the saving thread then threw at once and skipped the last save (review r1).
 */
class CountsCloseTest {
    @Test
    void anInterruptedStopStillSavesTheLastCounts() throws Exception {
        Path dir = Files.createTempDirectory("herald-counts-close");
        try (SqliteEventLog log = new SqliteEventLog(dir, new EventLog.Retention(1_000, null), "FULL")) {
            Hub hub = new Hub(log, 16, Clock.systemUTC());
            ReceiptLedger receipts = new ReceiptLedger(1_000);
            SqliteCounts counts = new SqliteCounts(hub, receipts, dir);
            long id = hub.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{\"message\":\"m\"}"))
                    .event().id();
            receipts.delivered(id, new Reported(), null, Instant.now()); // within the second: not saved yet
            Thread.currentThread().interrupt();
            counts.close();
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            try (CountsFile file = new CountsFile(dir, log.instanceId(), log.position().latestId())) {
                assertThat(file.earlier().get(id).pagesDelivered()).isEqualTo(1);
            }
            hub.close();
        } finally {
            TempDirs.delete(dir);
        }
    }
}
