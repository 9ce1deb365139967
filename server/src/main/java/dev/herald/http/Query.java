package dev.herald.http;

/** Parsing of query and header values shared by the endpoints. */
public final class Query {
    private Query() {
    }

    /** A non-negative event id, or a 400 with the given code and detail. */
    public static long id(String raw, String error, String detail) {
        try {
            long id = Long.parseLong(raw.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through to the 400
        }
        throw ApiException.badRequest(error, detail);
    }

    /** A page size from {@code limit=}: the default when absent, else 1..max or a 400. */
    public static int limit(java.util.Optional<String> raw, int defaultLimit, int max) {
        if (raw.isEmpty()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw.get().trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through to the 400
        }
        throw ApiException.badRequest("invalid_query", "limit= must be a whole number from 1 to " + max);
    }
}
