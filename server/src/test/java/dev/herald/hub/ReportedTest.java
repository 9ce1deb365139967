package dev.herald.hub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which ids one connection's page reported: each once, in a window below the newest. */
class ReportedTest {
    @Test
    void eachIdCountsOnceAndDeliveredAndSeenAreApart() {
        Reported r = new Reported();
        assertThat(r.delivered(5)).isTrue();
        assertThat(r.delivered(5)).isFalse();
        assertThat(r.seen(5)).isTrue();
        assertThat(r.seen(5)).isFalse();
        assertThat(r.delivered(6)).isTrue();
        assertThat(r.delivered(4)).as("older, within the window (a page loading older ones)").isTrue();
        assertThat(r.delivered(1)).isTrue();
        assertThat(r.delivered(1)).isFalse();
    }

    @Test
    void theWindowSlidesWithTheNewestAndWhatFellOutCountsAsReported() {
        Reported r = new Reported();
        long first = 1_000_000;
        assertThat(r.delivered(first)).isTrue();
        long newest = first + Reported.WINDOW + 700; // more than a window on: the first id falls out
        assertThat(r.delivered(newest)).isTrue();
        assertThat(r.delivered(first)).as("behind the window: not counted again").isFalse();
        assertThat(r.delivered(newest - Reported.WINDOW + 600)).as("inside the window, not reported yet").isTrue();
        assertThat(r.delivered(newest - Reported.WINDOW + 600)).isFalse();
        assertThat(r.delivered(newest)).isFalse();
        // Bits of slots reused by the slide start empty: ids there were never reported.
        for (long id = newest - 100; id < newest; id++) {
            assertThat(r.delivered(id)).as("id %d", id).isTrue();
        }
    }

    @Test
    void aJumpFarAheadForgetsEverythingBehindIt() {
        Reported r = new Reported();
        for (long id = 1; id <= 3000; id++) {
            assertThat(r.seen(id)).isTrue();
        }
        long far = 50L * Reported.WINDOW;
        assertThat(r.seen(far)).isTrue();
        assertThat(r.seen(far - 1)).isTrue();
        assertThat(r.seen(far - Reported.WINDOW / 2)).isTrue();
        assertThat(r.seen(3000)).as("far behind now").isFalse();
        assertThat(r.seen(far)).isFalse();
    }

    @Test
    void everyIdOfAWholeWindowIsKeptApart() {
        Reported r = new Reported();
        long base = 123_457;
        for (long id = base; id < base + Reported.WINDOW - 512; id++) { // the window holds at least this much below the newest
            assertThat(r.delivered(id)).isTrue();
        }
        for (long id = base; id < base + Reported.WINDOW - 512; id++) {
            assertThat(r.delivered(id)).as("id %d", id).isFalse();
        }
    }

    @Test
    void deliveredAndSeenShareTheWindowSoAnIdIsInItForBothOrNeither() {
        Reported r = new Reported();
        long newest = 100_000;
        assertThat(r.delivered(newest)).isTrue();
        long old = newest - Reported.WINDOW - 1000; // behind the window the delivered id moved
        assertThat(r.delivered(old)).isFalse();
        assertThat(r.seen(old)).as("not seen-without-delivered: neither counts").isFalse();
        assertThat(r.seen(newest)).isTrue();
        long recent = newest - 10;
        assertThat(r.seen(recent)).isTrue();
        assertThat(r.delivered(recent)).as("delivered and seen are kept apart within the window").isTrue();
    }
}
