package dev.herald.lifecycle;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notification accepted for later: its publish body (without {@code at}/{@code delay}), when it
 * is due, and what became of it. Its id is {@code s-<seq>}, a number space of its own, because the
 * log id is only known once it is sent ({@code eventId} links the two). In cluster mode each node
 * keeps its own, so the id also names the node's store: {@code s-<node>.<seq>}, and one node never
 * cancels another's {@code s-7} by mistake.
 *
 * @param node the store's tag in cluster mode, empty on a single node
 */
public record ScheduledNotification(long seq, String body, Instant due, Instant created, Status status,
                                    Long eventId, String node) {
    public static final String PREFIX = "s-";
    private static final Pattern ID = Pattern.compile("s-(?:([a-z0-9]{1,12})\\.)?(\\d{1,18})");

    public enum Status { PENDING, SENT, CANCELLED, FAILED }

    /** A parsed {@code s-[<node>.]<seq>}: node is empty for an id without one. */
    public record Id(String node, long seq) {
        /** As written: {@code s-<seq>}, or {@code s-<node>.<seq>}. */
        public String text() {
            return PREFIX + (node.isEmpty() ? "" : node + ".") + seq;
        }
    }

    public String id() {
        return new Id(node, seq).text();
    }

    /** The parts of a scheduled id, or null when the text is not one. */
    public static Id parseId(String id) {
        Matcher m = id == null ? null : ID.matcher(id);
        if (m == null || !m.matches()) {
            return null;
        }
        return new Id(m.group(1) == null ? "" : m.group(1), Long.parseLong(m.group(2)));
    }

    ScheduledNotification with(Status newStatus, Long newEventId) {
        return new ScheduledNotification(seq, body, due, created, newStatus, newEventId, node);
    }
}
