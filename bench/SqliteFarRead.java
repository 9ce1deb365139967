import dev.herald.store.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;

/** Wall time of SQLite reads whose few matches lie behind 100,000 events for others (a signed-in tab back
 * after a night: bench/replay-far.sh's case without HTTP), and of storing those 100,000 in batches of 500
 * (what the audience index adds to a write), and reopening the file (the index is built then, in the background). Not a test: run by hand, alternating builds:
 *   java -cp "server/target/herald-old.jar" bench/SqliteFarRead.java   (a jar, or classes + libs)
 */
public class SqliteFarRead {
    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory("far-read");
        EventLog log = new SqliteEventLog(dir, new EventLog.Retention(1_000_000, null), "FULL");
        String payload = "{\"message\":\"" + "x".repeat(100) + "\",\"time\":\"2026-11-27T00:00:00Z\"}";
        log.append(new EventDraft(Instant.now(), List.of("all"), List.of("ann"), null, payload));
        long t = System.nanoTime();
        for (int b = 0; b < 200; b++) {
            List<EventDraft> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(new EventDraft(Instant.now(), List.of("all"), List.of("u" + (i % 1000)), null, payload));
            }
            log.appendAll(batch);
        }
        double storeMs = (System.nanoTime() - t) / 1e6;
        log.append(new EventDraft(Instant.now(), List.of("all"), List.of("ann"), null, payload));
        log.append(new EventDraft(Instant.now(), List.of("rare"), List.of(), null, payload));
        EventFilter ann = new EventFilter(Set.of("all"), "ann", Instant.EPOCH);
        EventFilter rare = new EventFilter(Set.of("rare"), null, Instant.EPOCH);
        EventFilter operatorOnAll = new EventFilter(Set.of("all"), null, Instant.EPOCH, x -> true, true);
        for (int round = 0; round < 8; round++) {
            long p = System.nanoTime();
            int pages = 5000;
            for (int i = 0; i < pages; i++) {
                if (log.readBefore(Long.MAX_VALUE - i, operatorOnAll, 20).size() != 20) throw new AssertionError();
            }
            System.out.printf("round %d: a page of 20 where every event matches (readBefore) %.1f µs%n", round,
                    (System.nanoTime() - p) / 1000.0 / pages);
        }
        for (int round = 0; round < 3; round++) {
            double[] signedIn = time(log, ann, 2, 40), anonymous = time(log, rare, 1, 40);
            System.out.printf("round %d: store 100,000 in batches of 500 %.0f ms; replay from id 1, signed-in p50 %.2f ms max %.2f; "
                    + "anonymous topic p50 %.2f ms max %.2f; file %d KB%n", round, storeMs, signedIn[0], signedIn[1],
                    anonymous[0], anonymous[1], size(dir) / 1024);
        }
        log.close();
        for (int round = 0; round < 3; round++) {
            System.gc();
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            t = System.nanoTime();
            SqliteEventLog again = new SqliteEventLog(dir, new EventLog.Retention(1_000_000, null), "FULL");
            double openMs = (System.nanoTime() - t) / 1e6;
            var await = SqliteEventLog.class.getDeclaredMethod("awaitAudienceIndex", Duration.class);
            await.setAccessible(true); // package-private: for tests and this
            if (!(Boolean) await.invoke(again, Duration.ofSeconds(60))) throw new AssertionError();
            double indexedMs = (System.nanoTime() - t) / 1e6;
            System.gc();
            long more = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() - heap;
            System.out.printf("reopen %d: open %.0f ms, index built %.0f ms after it, heap +%d KB after a GC%n", round, openMs,
                    indexedMs, more / 1024);
            again.close();
        }
    }

    static double[] time(EventLog log, EventFilter f, int expected, int n) {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            if (log.readAfter(1, f, 1000).size() != expected - 1 + (f.user() == null ? 1 : 0)) throw new AssertionError();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[n - 1]};
    }

    static long size(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
