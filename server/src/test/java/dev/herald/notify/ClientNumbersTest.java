package dev.herald.notify;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.herald.support.ApiErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number a client may write anywhere in a body gets the answer it got before the bodies were read with exact
 * decimals (the ttl 3600.0 change): an exponent past what a BigDecimal holds ({@code 1e9999999999}) was a
 * {@code 500} there (Jackson's NumberFormatException is no JacksonException), where a double had read it as
 * Infinity and each field refused it with its own 400.
 */
class ClientNumbersTest {
    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(); // no operator token: loopback calls are operators

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e9999999999", "-1e9999999999", "1.5e-9999999999", "1e2147483648"})
    void anExponentPastEveryLimitIsEachFieldsOwn400(String number) throws Exception {
        long before = herald.server().log().latestId();
        assertRefused(herald.notify("{\"message\":\"a\",\"ttl\":" + number + "}"), 400, "invalid_ttl");
        assertRefused(herald.notify("{\"message\":" + number + "}"), 400, "invalid_type");
        assertRefused(herald.notify("{\"message\":\"a\",\"tags\":[" + number + "]}"), 400, "invalid_type");
        assertRefused(herald.notify("{\"message\":\"a\",\"delay\":" + number + "}"), 400, "invalid_schedule");
        assertRefused(herald.post("/notify/batch", "application/json", "[{\"message\":\"a\",\"ttl\":" + number + "}]"),
                400, "invalid_ttl");
        assertRefused(herald.post("/admin/tokens", "application/json", "{\"user\":\"py\",\"ttl\":" + number + "}"),
                400, "invalid_ttl");
        assertRefused(herald.post("/receipts", "application/json",
                "{\"connection\":\"c1\",\"delivered\":[" + number + "]}"), 400, "invalid_type");
        assertThat(herald.server().log().latestId()).isEqualTo(before);
    }
}
