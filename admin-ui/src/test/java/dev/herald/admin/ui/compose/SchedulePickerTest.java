package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Send later in an app left open overnight (an operator's hour, twenty-fourth session): the date was
 * today's at the app's start and stayed so, so ticking "Later, at" 23:30 the next day said "The scheduled
 * time is in the past", and Clear kept the old date.
 */
class SchedulePickerTest {
    /** A clock the test moves on. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-27T23:50:00Z"));
    private final UiThread ui = new UiThread();
    private final ComposeViewModel compose = new ComposeViewModel(ui, clock);

    @AfterEach
    void tearDown() {
        ui.close();
    }

    @Test
    void tickingLaterAfterMidnightPicksTheNewDay() {
        clock.now = Instant.parse("2026-11-28T00:10:00Z");
        ui.run(() -> {
            compose.messageProperty().set("Maintenance tonight");
            compose.schedule().laterProperty().set(true);
            compose.schedule().timeProperty().set("23:30");
        });
        assertThat(ui.call(() -> compose.schedule().dateProperty().get())).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(ui.call(() -> compose.schedule().due())).isEqualTo(Instant.parse("2026-11-28T23:30:00Z"));
        assertThat(ui.call(() -> compose.problemProperty().get())).doesNotContain("past");
    }

    @Test
    void aDateChosenAheadIsKeptAndClearGoesBackToToday() {
        ui.run(() -> {
            compose.schedule().dateProperty().set(LocalDate.parse("2026-12-24"));
            compose.schedule().laterProperty().set(true);
        });
        assertThat(ui.call(() -> compose.schedule().dateProperty().get())).isEqualTo(LocalDate.parse("2026-12-24"));

        clock.now = Instant.parse("2026-11-29T08:00:00Z");
        ui.run(compose::clear);
        assertThat(ui.call(() -> compose.schedule().dateProperty().get())).isEqualTo(LocalDate.parse("2026-11-29"));
    }
}
