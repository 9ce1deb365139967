package dev.herald.admin.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Short local times for tables: "14:03:27" today, "Nov 24 14:03" before. */
public final class TimeText {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter OLDER = DateTimeFormatter.ofPattern("MMM d HH:mm");

    private TimeText() {
    }

    public static String of(Instant t) {
        ZoneId zone = ZoneId.systemDefault();
        var local = t.atZone(zone);
        return local.toLocalDate().equals(LocalDate.now(zone)) ? TODAY.format(local) : OLDER.format(local);
    }
}
