package dev.herald.admin.ui.compose;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * "Send later" in compose: a date and a local time (HH:mm) in the operator's time zone. The
 * server stores the notification and sends it then, also across its restarts.
 */
public final class SchedulePicker {
    private final BooleanProperty later = new SimpleBooleanProperty(false);
    private final ObjectProperty<LocalDate> date = new SimpleObjectProperty<>();
    private final StringProperty time = new SimpleStringProperty("");
    private final Clock clock;

    public SchedulePicker(Clock clock) {
        this.clock = clock;
        date.set(LocalDate.now(clock));
        // The app stays open for days: "today" at its start is a past day after midnight, and ticking
        // "Later, at" then asked for a time on it ("in the past"). Ticking it moves a past date to today.
        later.addListener((o, was, now) -> {
            LocalDate today = LocalDate.now(clock);
            if (now && (date.get() == null || date.get().isBefore(today))) {
                date.set(today);
            }
        });
    }

    /** Back to "send now", today and no time (Clear, and after a send). */
    public void reset() {
        later.set(false);
        time.set("");
        date.set(LocalDate.now(clock));
    }

    public ZoneId zone() {
        return clock.getZone();
    }

    /** The chosen instant, or null for "send now" (or when the choice is not valid; see {@link #problem()}). */
    public Instant due() {
        if (!later.get() || date.get() == null) {
            return null;
        }
        try {
            return date.get().atTime(LocalTime.parse(time.get().strip())).atZone(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** What is wrong with the chosen time, or null. */
    public String problem() {
        if (!later.get()) {
            return null;
        }
        if (date.get() == null) {
            return "Pick a date to send later";
        }
        Instant due = due();
        if (due == null) {
            return "Enter the time as HH:mm, e.g. 09:30";
        }
        if (!due.isAfter(clock.instant())) {
            return "The scheduled time is in the past";
        }
        if (due.isAfter(clock.instant().plus(java.time.Duration.ofDays(365)))) {
            return "Schedule at most a year ahead";
        }
        return null;
    }

    public BooleanProperty laterProperty() {
        return later;
    }

    public ObjectProperty<LocalDate> dateProperty() {
        return date;
    }

    public StringProperty timeProperty() {
        return time;
    }
}
