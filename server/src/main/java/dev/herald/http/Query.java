package dev.herald.http;

import dev.herald.config.Typos;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;
import java.util.Optional;

/** Parsing of query and header values shared by the endpoints. */
public final class Query {
    // ASCII digits only: Long.parseLong also takes "+5" and other scripts' digits (Arabic-Indic, full-width).
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]{1,19}");

    private Query() {
    }

    /**
     * A 400 for a query parameter that is a near miss of one this endpoint reads ({@code topics=} for
     * {@code topic=}, {@code lastEventID=}): ignored, it silently changed what the client got (only
     * broadcasts, no replay). Other unknown parameters (cache-busters) are still ignored.
     */
    public static void refuseNearMisses(ServerRequest req, List<String> known) {
        for (String name : req.query().names()) {
            if (known.contains(name)) {
                continue;
            }
            String plain = plain(name);
            String meant = known.stream().filter(k -> k.equalsIgnoreCase(plain)).findFirst()
                    .orElse(name.length() >= 4 ? Typos.nearest(name, known, 2) : null);
            if (meant != null) {
                throw ApiException.badRequest("invalid_query", "unknown query parameter " + name + "= (did you mean "
                        + meant + "=?)");
            }
        }
    }

    // A parameter name without its dashes and underscores: last-event-id, as the header is spelled.
    private static String plain(String name) {
        return name.replace("-", "").replace("_", "");
    }

    /** A non-negative event id, or a 400 with the given code and detail. */
    public static long id(String raw, String error, String detail) {
        Long id = digitsId(raw.strip()); // spaces, not control characters: trim() let limit=1%00 through as 1
        if (id == null) {
            throw ApiException.badRequest(error, detail);
        }
        return id;
    }

    /**
     * An id written in ASCII digits only (leading zeros allowed, no sign, no spaces), or null: the path's
     * ids ({@code /admin/notifications/+5}) read as the query's do.
     */
    public static Long digitsId(String raw) {
        try {
            return raw != null && DIGITS.matcher(raw).matches() ? Long.parseLong(raw) : null;
        } catch (NumberFormatException e) {
            return null; // 19 digits can still overflow
        }
    }

    /** The id in query parameter {@code name} (a 400 {@code invalid_query} when it is not one), or null. */
    public static Long optionalId(ServerRequest req, String name) {
        return single(req, name).map(v -> id(v, "invalid_query", name + "= must be a notification id, a whole number from 0 to " + Long.MAX_VALUE)).orElse(null);
    }

    /** Where a history page starts: {@code after=} (paging forward) or {@code before=}, each optional. */
    public record Cursor(Long after, Long before) {
    }

    /** The {@code after=} / {@code before=} of a history page; a 400 when both are given. */
    public static Cursor cursor(ServerRequest req) {
        // The stream's resume parameter, by analogy: ignored, it answered the newest page instead of the next one.
        for (String name : req.query().names()) {
            if (plain(name).equalsIgnoreCase("lastEventId")) {
                throw ApiException.badRequest("invalid_query", name + "= is for GET /events; a history page reads"
                        + " forward with after=<id> (and back with before=<id>)");
            }
        }
        Long after = optionalId(req, "after");
        Long before = optionalId(req, "before");
        if (after != null && before != null) {
            throw ApiException.badRequest("invalid_query", "use either after= or before=, not both");
        }
        return new Cursor(after, before);
    }

    /**
     * The value of a parameter read once, or a 400 when it is given twice with different values
     * ({@code limit=2&limit=3}): taking the first silently was a guess at what the client meant.
     */
    public static Optional<String> single(ServerRequest req, String name) {
        return single(req.query().all(name, List::of), name + "=", "invalid_query");
    }

    /** The same for the values of a header or parameter, named {@code what} in the refusal. */
    public static Optional<String> single(List<String> values, String what, String error) {
        if (values.stream().distinct().count() > 1) {
            throw ApiException.badRequest(error, what + " is given more than once with different values "
                    + values);
        }
        return values.stream().findFirst();
    }

    /** A page size from {@code limit=}: the default when absent, else 1..max or a 400. */
    public static int limit(Optional<String> raw, int defaultLimit, int max) {
        if (raw.isEmpty()) {
            return defaultLimit;
        }
        try {
            String s = raw.get().strip();
            int limit = DIGITS.matcher(s).matches() && s.length() <= 9 ? Integer.parseInt(s) : -1;
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through to the 400
        }
        throw ApiException.badRequest("invalid_query", "limit= must be a whole number from 1 to " + max);
    }
}
