package dev.herald.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens never reach the access log, however the client spells the parameter's name. */
class AccessLogRedactTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "token=abc                          | token=REDACTED",
            "topic=ops&token=abc&x=1            | topic=ops&token=REDACTED&x=1",
            "topic=ops&%74oken=abc              | topic=ops&%74oken=REDACTED",
            "ACCESS_TOKEN=abc&Token=def         | ACCESS_TOKEN=REDACTED&Token=REDACTED",
            "access%5Ftoken=abc                 | access%5Ftoken=REDACTED",
            "tokens=keep&mytoken=keep&token     | tokens=keep&mytoken=keep&token",
            "&token=abc&&bad%zz=1               | &token=REDACTED&&bad%zz=1"})
    void everyTokenValueIsReplaced(String query, String logged) {
        assertThat(AccessLog.redact(query)).isEqualTo(logged);
    }
}
