package dev.herald.lifecycle;

import java.time.Instant;

/**
 * A notification accepted for later: its publish body (without {@code at}/{@code delay}), when it
 * is due, and what became of it. Its id is {@code s-<seq>}, a number space of its own, because the
 * log id is only known once it is sent ({@code eventId} links the two).
 */
public record ScheduledNotification(long seq, String body, Instant due, Instant created, Status status,
                                    Long eventId) {
    public static final String PREFIX = "s-";

    public enum Status { PENDING, SENT, CANCELLED, FAILED }

    public String id() {
        return PREFIX + seq;
    }

    /** The seq of an {@code s-<n>} id, or -1 when the text is not one. */
    public static long parseId(String id) {
        if (id == null || !id.startsWith(PREFIX) || id.length() > PREFIX.length() + 18) {
            return -1;
        }
        String digits = id.substring(PREFIX.length());
        return digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) ? -1 : Long.parseLong(digits);
    }

    ScheduledNotification with(Status newStatus, Long newEventId) {
        return new ScheduledNotification(seq, body, due, created, newStatus, newEventId);
    }
}
