package dev.herald.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * Whole numbers in JSON bodies (a ttl, a notification id), however the client's JSON library writes them:
 * Python's {@code json.dumps(3600.0)} writes {@code 3600.0}, JavaScript may send {@code 1e3}. Judged on the exact
 * decimal value ({@link JsonBody} reads fractions as {@code BigDecimal}), so {@code 3600.0000000000001} is no
 * whole number, as it would be once rounded to a double.
 */
public final class JsonNumbers {
    private JsonNumbers() {
    }

    /** The value of a JSON number that is whole and from {@code min} to {@code max}; null for anything else. */
    public static Long whole(JsonNode n, long min, long max) {
        if (n == null || !n.isNumber()) {
            return null;
        }
        BigDecimal v = n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue();
        // The range first: compareTo looks at the exponent before the digits, so 1e999999999 costs nothing.
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            return null;
        }
        return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0 ? v.longValue() : null;
    }
}
