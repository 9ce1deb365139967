package dev.herald.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a number in a request body is kept and written. Exact decimal reading (for a whole ttl written 3600.0) had
 * left BigDecimals in every body: {@code 1e2} was written {@code 1E+2} (a double's {@code 100.0} before), and
 * {@code 1e9999999999} threw a NumberFormatException past the 400 handling.
 */
class JsonBodyNumbersTest {
    private static final ObjectMapper BEFORE = new ObjectMapper(); // doubles: how bodies were read before

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"100", "1e2", "1E+2", "3600.0", "3.6e3", "360000e-2", "7.0", "-12.50e1", "0.1", "1.5",
            "3600.0000000000001", "-0.0", "1e-3", "1e30", "9223372036854775807.0", "9223372036854775808.0",
            "123456789012345678901234567890.5", "1e400", "1e999999999", "-1e999999999", "1e-999999999",
            "1e9999999999", "-1e9999999999", "1.5e-9999999999"})
    void aNumberIsAWholeIntegerOrTheDoubleItWasBefore(String number) throws Exception {
        String body = "{\"n\":" + number + ",\"in\":[" + number + "]}";
        JsonNode read = JsonBody.parse(body.getBytes(StandardCharsets.UTF_8));
        JsonNode before = BEFORE.readTree(body);
        for (String field : new String[] {"n", "in"}) {
            JsonNode n = field.equals("n") ? read.get("n") : read.get("in").get(0);
            JsonNode was = field.equals("n") ? before.get("n") : before.get("in").get(0);
            assertThat(n.isBigDecimal()).as(number).isFalse();
            assertThat(n.doubleValue()).as(number).isEqualTo(was.doubleValue() == 0 ? 0.0 : was.doubleValue());
            if (n.isIntegralNumber()) {
                // Whole: the exact integer, however it was written (a double would round 3600.0000000000001).
                assertThat(n.toString()).as(number).isEqualTo(exactInteger(number));
            } else {
                assertThat(exactInteger(number)).as(number + " is whole within a long").isNull();
                assertThat(n.toString()).as(number).isEqualTo(was.toString());
            }
            assertThat(n.toString().length()).as(number).isLessThanOrEqualTo(25);
        }
    }

    // The integer text of a whole value within a long, straight from the text; null for any other.
    private static String exactInteger(String number) {
        BigDecimal v;
        try {
            v = new BigDecimal(number);
        } catch (NumberFormatException e) {
            return null; // an exponent past an int: out of any long
        }
        // The range first: 1e999999999 made whole would be a billion digits.
        if (v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 || v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        v = v.stripTrailingZeros();
        return v.scale() > 0 ? null : String.valueOf(v.longValueExact());
    }
}
