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
}
