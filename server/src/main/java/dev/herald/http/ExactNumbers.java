package dev.herald.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Turns the exact decimals of a body read with {@code USE_BIG_DECIMAL_FOR_FLOATS} into what may be kept and
 * written: a whole value that fits a long becomes an integer node ({@code 3600.0} and {@code 3.6e3} are 3600),
 * any other a double, as Jackson reads it by default ({@code 0.1}, {@code 1.0E30}, {@code Infinity}). A
 * BigDecimal left in the tree is written in its own form ({@code 1e2} as {@code 1E+2}, {@code 3600.0} as
 * {@code 3.6E+3}) and its length is unbounded once written plain ({@code 1e999999999}).
 */
final class ExactNumbers {
    private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private ExactNumbers() {
    }

    /** The tree with each of its decimals replaced, in place; null stays null. */
    static JsonNode settle(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isBigDecimal()) {
            return settled(n.decimalValue());
        }
        if (n instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                e.setValue(settle(e.getValue()));
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, settle(a.get(i)));
            }
        }
        return n;
    }

    private static JsonNode settled(BigDecimal v) {
        // The range first: compareTo looks at the exponent before the digits, so 1e999999999 costs nothing.
        boolean whole = v.compareTo(MIN) >= 0 && v.compareTo(MAX) <= 0
                && (v.signum() == 0 || v.stripTrailingZeros().scale() <= 0);
        if (!whole) {
            return DoubleNode.valueOf(v.doubleValue()); // correctly rounded, the double Jackson reads by default
        }
        long l = v.longValue();
        return l == (int) l ? IntNode.valueOf((int) l) : LongNode.valueOf(l);
    }
}
