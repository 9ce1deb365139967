import dev.herald.store.*;
import java.time.*;
import java.util.*;

/** Wall time of one Redis point read (readAfter(id - 1, everything, 1), as Hub.stored does for receipts
 * and retracts in cluster mode), of one history page of 20 (readBefore) and of a receipts batch's lookup of
 * 200 ids (readIds; 200 point reads before the seventeenth session), Redis included, on a stream of
 * 10,000 notifications. Not a test: run by hand against a redis-server of its own (flushall between runs):
 *   java -cp "server/target/classes:server/target/libs/*" bench/RedisPointRead.java redis://127.0.0.1:18479
 */
public class RedisPointRead {
    public static void main(String[] a) throws Exception {
        String url = a[0];
        EventLog log = new RedisEventLog(RedisEndpoint.parse(url, Duration.ofSeconds(2)), "herald:pr:" + System.nanoTime(),
                new EventLog.Retention(100000, null));
        String payload = "{\"message\":\"" + "x".repeat(150) + "\",\"time\":\"2026-11-27T00:00:00Z\"}";
        List<EventDraft> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) batch.add(new EventDraft(Instant.now(), List.of("all"), List.of(), null, payload));
        for (int i = 0; i < 20; i++) log.appendAll(batch);
        long latest = log.latestId();
        Random r = new Random(1);
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            int n = 2000;
            for (int i = 0; i < n; i++) {
                long id = 1 + r.nextInt((int) latest - 1);
                List<StoredEvent> got = log.readAfter(id - 1, EventFilter.everything(Instant.EPOCH), 1);
                if (got.isEmpty() || got.getFirst().id() != id) throw new AssertionError();
            }
            double point = (System.nanoTime() - t) / 1000.0 / n;
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long before = 21 + r.nextInt((int) latest - 20);
                if (log.readBefore(before, EventFilter.everything(Instant.EPOCH), 20).size() != 20) throw new AssertionError();
            }
            double page = (System.nanoTime() - t) / 1000.0 / n;
            t = System.nanoTime();
            int batches = 50;
            for (int i = 0; i < batches; i++) {
                List<Long> ids = new ArrayList<>();
                for (int k = 0; k < 200; k++) ids.add(1 + (long) r.nextInt((int) latest - 1));
                if (log.readIds(ids).size() != new HashSet<>(ids).size()) throw new AssertionError();
            }
            System.out.printf("round %d: %.1f us per point read, %.1f us per page of 20, %.0f us per batch of 200 ids%n",
                    round, point, page, (System.nanoTime() - t) / 1000.0 / batches);
        }
        log.close();
    }
}
