package dev.herald.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Host headers name this machine's loopback (the rule behind {@link DnsRebindingTest}), never by asking DNS. */
class LoopbackHostTest {
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8080", "LOCALHOST.", "app.localhost:80", "127.0.0.1", "127.0.0.1:8080",
            "127.9.8.7", "127.1", "127.1:8080", "127.0.1", "2130706433", "2130706433:8080",
            "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:8080", "[::ffff:127.0.0.1]:8080", "[::FFFF:7f00:1]",
            "[::1%25lo]:8080", "[::1%lo]", " 127.0.0.1 "})
    void loopbackNamesAndLiteralsPass(String host) {
        assertThat(LoopbackHost.named(host)).as(host).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example",
            "localhost-evil.example", "128.0.0.1", "10.0.0.1", "0.0.0.0", "127.256.0.1", "127.1.2.3.4", "127..1",
            "2130706431", "2147483648", "4294967296", "0177.0.0.1", "0127.0.0.1", "00127.1", "127.000.000.001",
            "0x7f.1", "127.1e3", "[::2]", "[::ffff:10.0.0.1]", "[::127.0.0.1]",
            "[::1", "[::1]x", "[evil.example]", "[::1%25nosuchinterface]", "[localhost]", "[]", "myhost"})
    void otherNamesAndAddressesDoNot(String host) {
        assertThat(LoopbackHost.named(host)).as(host).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"127,0", "2130706433,127", "16777216,1", "10.1,10", "255.255.255.255,255", "127.16777215,127",
            "127.16777216,-1", "300.1,-1", "a.1,-1"})
    void theFirstByteOfAnInetAtonLiteral(String name, int first) {
        assertThat(LoopbackHost.firstByteOfV4(name)).as(name).isEqualTo(first);
    }
}
