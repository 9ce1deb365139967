package dev.herald.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What per-IP limits count by: an IPv6 /64, an IPv4 (also IPv4-mapped or NAT64) address whole, anything else as it is. */
class ClientAddressTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2001:db8:1:2::1                         | 2001:db8:1:2::/64",
            "2001:db8:1:2:aaaa:bbbb:cccc:dddd         | 2001:db8:1:2::/64",
            "2001:0DB8:0001:0002:0:0:0:ffff           | 2001:db8:1:2::/64",
            "[2001:db8:1:2::7]                       | 2001:db8:1:2::/64",
            "fe80:0:0:0:1:2:3:4%eth0                 | fe80:0:0:0::/64",
            "2001:db8:1:3::1                         | 2001:db8:1:3::/64",
            "0:0:0:0:0:0:0:1                         | 0:0:0:0::/64",
            "::ffff:203.0.113.9                      | 203.0.113.9",
            "203.0.113.9                             | 203.0.113.9",
            "64:ff9b::203.0.113.9                    | 203.0.113.9",
            "64:ff9b::cb00:710a                      | 203.0.113.10",
            "64:ff9b:1::cb00:710a                    | 64:ff9b:1:0::/64",
            "unknown                                 | unknown",
            "2001:db8::zz                            | 2001:db8::zz",
            "evil.example                            | evil.example"})
    void ipv6CountsByItsSlash64AndIpv4ByTheWholeAddress(String address, String key) {
        assertThat(ClientAddress.limitKey(address)).isEqualTo(key);
    }
}
