package dev.herald.notify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WebUrlTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/", "http://example.com:8080/a?b=c#d", "HTTPS://Example.COM", "/deploys/42",
            "https://例え.jp/", "https://bücher.example/straße?q=ü", "https://grafana.example/d/x?var-host={a,b}",
            "https://example.com/q?x=a|b", "https://example.com/a path", "https://user:pw@example.com:443/",
            "https://[2001:db8::1]:8443/x", "https://example.com:65535/", "/search?q=\"quoted\"",
            "https://my_host.internal/", "https://example.com/sale?d=50%", "https://example.com/#a#b", "/a%2Fb%zz",
    })
    void linksABrowserFollowsAreAccepted(String url) {
        assertThat(WebUrl.problem(url)).as(url).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com:99999/", "https://example.com:123456/", "javascript:alert(1)", "//evil.example",
            "ftp://x.example/f", "https:///nohost", "https://exa\\mple.com/", "https://example.com\\@evil.example/",
            "mailto:a@b.example", "relative/path", "https://xn--/",
    })
    void othersAreRefusedWithAReason(String url) {
        assertThat(WebUrl.problem(url)).as(url).isNotBlank();
    }
}
