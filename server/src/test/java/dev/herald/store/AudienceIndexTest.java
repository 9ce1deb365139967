package dev.herald.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AudienceIndexTest {
    private static final List<String> NO_ONE = List.of();

    @Test
    void pagesMergeTheKeysInIdOrderEachIdOnce() {
        AudienceIndex index = new AudienceIndex();
        for (long id = 1; id <= 30; id++) {
            index.add(id, id % 3 == 0 ? List.of("a", "b") : List.of(id % 3 == 1 ? "a" : "c"), NO_ONE);
        }
        List<String> ab = List.of("t\na", "t\nb");
        assertThat(index.page(ab, 0, false, 5, index.indexedThrough())).containsExactly(1, 3, 4, 6, 7);
        assertThat(index.page(ab, 7, false, 3, index.indexedThrough())).containsExactly(9, 10, 12);
        assertThat(index.page(ab, Long.MAX_VALUE, true, 4, index.indexedThrough())).containsExactly(30, 28, 27, 25);
        assertThat(index.page(ab, 25, true, 2, index.indexedThrough())).containsExactly(24, 22);
        assertThat(index.page(ab, 1, true, 5, index.indexedThrough())).isEmpty();
        assertThat(index.page(ab, Long.MAX_VALUE, false, 5, index.indexedThrough())).isEmpty();
        assertThat(index.page(List.of("t\nnone"), 0, false, 5, index.indexedThrough())).isEmpty();
    }

    @Test
    void readersKeysReachTheirOwnEventsAndOperatorsEveryUsers() {
        AudienceIndex index = new AudienceIndex();
        index.add(1, List.of("ops"), List.of("ann"));
        index.add(2, List.of("ops"), NO_ONE);
        index.add(3, List.of("all"), List.of("bob"));
        index.add(4, List.of("all"), NO_ONE);
        assertThat(index.page(AudienceIndex.keysFor(new EventFilter(Set.of("ops"), "ann", Instant.EPOCH)), 0, false, 10, index.indexedThrough()))
                .containsExactly(1, 2, 4);
        assertThat(index.page(AudienceIndex.keysFor(new EventFilter(Set.of("ops"), null, Instant.EPOCH)), 0, false, 10, index.indexedThrough()))
                .containsExactly(2, 4);
        assertThat(index.page(AudienceIndex.keysFor(new EventFilter(Set.of("ops"), null, Instant.EPOCH, t -> true, true)),
                0, false, 10, index.indexedThrough())).containsExactly(1, 2, 3, 4);
        assertThat(AudienceIndex.keysFor(new EventFilter(null, "ann", Instant.EPOCH))).as("every topic: a scan").isNull();
    }

    @Test
    void removalsLeaveTheRestInOrderThroughGrowthAndCompaction() {
        AudienceIndex index = new AudienceIndex();
        for (long id = 1; id <= 1000; id++) {
            index.add(id, List.of("a"), NO_ONE);
        }
        index.remove(500, List.of("a"), NO_ONE);
        index.removeThrough(900); // most of the array: compacted
        assertThat(index.page(List.of("t\na"), 0, false, 200, index.indexedThrough())).hasSize(100).startsWith(901).endsWith(1000);
        for (long id = 1001; id <= 1100; id++) {
            index.add(id, List.of("a"), NO_ONE);
        }
        assertThat(index.page(List.of("t\na"), Long.MAX_VALUE, true, 3, index.indexedThrough())).containsExactly(1100, 1099, 1098);
        assertThat(index.page(List.of("t\na"), 0, false, 1000, index.indexedThrough())).hasSize(200).isSorted();
        index.removeThrough(1100);
        assertThat(index.page(List.of("t\na"), 0, false, 10, index.indexedThrough())).isEmpty();
        index.add(1101, List.of("a"), NO_ONE);
        assertThat(index.page(List.of("t\na"), 0, false, 10, index.indexedThrough())).containsExactly(1101);
    }
}
