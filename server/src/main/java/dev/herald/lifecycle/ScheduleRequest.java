package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.config.Durations;
import dev.herald.http.ApiException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The {@code at} (ISO-8601 time) or {@code delay} ({@code 30s}, {@code 10m}, {@code 2h}) of a
 * POST /notify body. Call after NotificationParser accepted the body (so it is a JSON object).
 *
 * @param due  when to send
 * @param body the body without at/delay: what the scheduler publishes when due
 */
public record ScheduleRequest(Instant due, String body) {
    /** The furthest ahead a notification may be scheduled. */
    public static final Duration MAX_AHEAD = Duration.ofDays(365);

    /**
     * The schedule of a body already parsed (and accepted by NotificationParser), or null when it has
     * neither at nor delay (send now). Removes at/delay from the body.
     */
    public static ScheduleRequest parse(ObjectNode root, Instant now) {
        JsonNode at = root.remove("at");
        JsonNode delay = root.remove("delay");
        boolean hasAt = at != null && !at.isNull();
        boolean hasDelay = delay != null && !delay.isNull();
        if (!hasAt && !hasDelay) {
            return null;
        }
        if (hasAt && hasDelay) {
            throw ApiException.badRequest("invalid_schedule", "give either \"at\" or \"delay\", not both");
        }
        Instant due = hasAt ? at(at, now) : delay(delay, now);
        if (due.isAfter(now.plus(MAX_AHEAD))) {
            throw tooFarAhead();
        }
        return new ScheduleRequest(due, root.toString());
    }

    private static Instant at(JsonNode n, Instant now) {
        if (!n.isTextual()) {
            throw ApiException.badRequest("invalid_schedule", "\"at\" must be an ISO-8601 time string like 2026-05-01T09:00:00Z");
        }
        Instant due;
        try {
            due = OffsetDateTime.parse(n.textValue().trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_schedule", "\"at\" must be an ISO-8601 time with a zone, like "
                    + "2026-05-01T09:00:00Z or 2026-05-01T11:00:00+02:00");
        }
        if (!due.isAfter(now)) {
            throw ApiException.badRequest("invalid_schedule", "\"at\" is in the past (" + n.textValue()
                    + "); leave it out to send now");
        }
        return due;
    }

    private static ApiException tooFarAhead() {
        return ApiException.badRequest("invalid_schedule", "a notification can be scheduled at most "
                + MAX_AHEAD.toDays() + " days ahead");
    }

    private static Instant delay(JsonNode n, Instant now) {
        if (!n.isTextual()) {
            throw ApiException.badRequest("invalid_schedule", "\"delay\" must be a string like \"30s\", \"10m\" or \"2h\"");
        }
        Duration d;
        try {
            d = Durations.parse(n.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_schedule", "\"delay\" must be like \"30s\", \"10m\", \"2h\" or \"1d\"");
        }
        if (d.isNegative() || d.isZero()) {
            throw ApiException.badRequest("invalid_schedule", "\"delay\" must be positive");
        }
        if (d.compareTo(MAX_AHEAD) > 0) {
            throw tooFarAhead(); // before now.plus, which overflows for delays of millions of years
        }
        return now.plus(d);
    }
}
