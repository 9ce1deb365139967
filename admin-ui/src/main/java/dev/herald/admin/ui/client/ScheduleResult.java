package dev.herald.admin.ui.client;

import java.time.Instant;

/** The server's answer to a scheduled POST /notify: the scheduled id (s-N) and when it goes out. */
public record ScheduleResult(String id, Instant due) {
}
