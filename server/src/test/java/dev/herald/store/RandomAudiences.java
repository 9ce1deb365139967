package dev.herald.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mixed audiences for the logs' read tests: notifications on a few topics, some addressed to users,
 * the readers that see them differently, and the check that reads through an index answer what a
 * scan of the same log answers.
 */
final class RandomAudiences {
    private static final Instant T0 = EventLogContract.T0;

    private RandomAudiences() {
    }

    /** Notifications on one or two of the topics a, b, c and all; a third addressed to one of x, y, z. */
    static List<EventDraft> drafts(int n) {
        Random random = new Random(8);
        List<String> topics = List.of("a", "b", "c", "all");
        List<String> users = List.of("x", "y", "z");
        List<EventDraft> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> these = random.nextInt(4) == 0 ? List.of(topics.get(random.nextInt(4)), topics.get(random.nextInt(3)))
                    : List.of(topics.get(random.nextInt(4)));
            List<String> to = random.nextInt(3) == 0 ? List.of(users.get(random.nextInt(3))) : List.of();
            drafts.add(new EventDraft(T0, these.stream().distinct().toList(), to, null, "{\"message\":\"m" + i + "\"}"));
        }
        return drafts;
    }

    /** Readers of some topics, signed in or not, an operator of one topic, one of every topic, one of everything. */
    static List<EventFilter> readers() {
        return List.of(new EventFilter(Set.of("a"), null, T0), new EventFilter(Set.of("a", "b"), "x", T0),
                new EventFilter(Set.of("c", "all"), "y", T0), new EventFilter(Set.of("b"), null, T0, t -> true, true),
                new EventFilter(null, "z", T0), EventFilter.everything(T0));
    }

    /** A read of the same log that scans it (an index never built): what reads through an index must answer. */
    interface Scan {
        List<StoredEvent> read(long cursor, EventFilter filter, int limit);
    }

    /** Every reader's pages after and before each cursor match the scan's; returns how many it saw. */
    static int assertReadsMatch(EventLog log, Scan after, Scan before, long[] cursors, int limit) {
        int seen = 0;
        for (EventFilter f : readers()) {
            for (long cursor : cursors) {
                List<Long> scanned = after.read(cursor, f, limit).stream().map(StoredEvent::id).toList();
                assertThat(log.readAfter(cursor, f, limit)).extracting(StoredEvent::id).as("after %d, %s", cursor, f)
                        .isEqualTo(scanned);
                assertThat(log.readBefore(cursor + 1, f, 600)).extracting(StoredEvent::id).as("before %d, %s", cursor + 1, f)
                        .isEqualTo(before.read(cursor + 1, f, 600).stream().map(StoredEvent::id).toList());
                seen += scanned.size();
            }
        }
        return seen;
    }
}
