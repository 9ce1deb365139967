package dev.herald.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whole numbers in JSON bodies (a ttl, a notification id), however the client's JSON library writes them:
 * Python's {@code json.dumps(3600.0)} writes {@code 3600.0}, JavaScript may send {@code 1e3}. {@link JsonBody}
 * judged each on its exact decimal value and left an integer node for a whole one, so {@code 3600.0000000000001}
 * (a double there, though a double rounds it to 3600) is no whole number here.
 */
public final class JsonNumbers {
    private JsonNumbers() {
    }

    /** The value of a JSON number that is whole and from {@code min} to {@code max}; null for anything else. */
    public static Long whole(JsonNode n, long min, long max) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            return null;
        }
        long v = n.longValue();
        return v < min || v > max ? null : v;
    }
}
