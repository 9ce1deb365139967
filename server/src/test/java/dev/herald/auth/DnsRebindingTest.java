package dev.herald.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.RawHttp;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an operator token, operator calls are taken from this machine only. A page of evil.example whose DNS
 * answers 127.0.0.1 (DNS rebinding) reaches the server from the browser on this machine, with its own name in
 * Host and a matching Origin: it passed as the local operator (publish, mint tokens, read every user's notes).
 */
class DnsRebindingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(Map.of());

    private static RawHttp.Response call(String line, String host, String body) {
        String origin = host.equals("localhost") ? "" : "Origin: http://" + host + "\r\n";
        return RawHttp.exchange(herald.port(), line + " HTTP/1.1\r\nHost: " + host + "\r\n" + origin
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                + "Connection: close\r\n\r\n" + (body == null ? "" : body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:%d", "evil.example", "myhost:%d", "127.0.0.1.evil.example:%d", "localhost.evil.example",
            "0x7f.1:%d"})
    void aLoopbackCallerAddressedByAnotherNameIsNotTheLocalOperator(String pattern) throws Exception {
        String host = pattern.formatted(herald.port());
        RawHttp.Response publish = call("POST /notify", host, "{\"message\":\"rebound\"}");
        assertThat(publish.status()).as(host + ": " + publish.body()).isEqualTo(403);
        assertThat(JSON.readTree(publish.body()).get("error").asText()).isEqualTo("operator_only_local");
        assertThat(call("POST /admin/tokens", host, "{\"user\":\"admin\",\"topics\":[\"*\"]}").status()).as(host).isEqualTo(403);
        assertThat(call("GET /admin/notifications", host, null).status()).as(host).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:%d", "localhost", "127.0.0.1:%d", "127.0.0.1", "[::1]:%d", "LOCALHOST:%d",
            "app.localhost:%d", "127.1:%d", "[::ffff:127.0.0.1]:%d"})
    void aLoopbackCallerAddressedAsLoopbackIsStillTheLocalOperator(String pattern) {
        String host = pattern.formatted(herald.port());
        RawHttp.Response publish = call("POST /notify", host, "{\"message\":\"local\"}");
        assertThat(publish.status()).as(host + ": " + publish.body()).isEqualTo(202);
        assertThat(call("GET /admin/stats", host, null).status()).as(host).isEqualTo(200);
    }
}
