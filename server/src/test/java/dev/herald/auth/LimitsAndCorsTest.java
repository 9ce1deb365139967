package dev.herald.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Loopback-only operators, 429s with Retry-After that recover, CORS, oversized headers, log redaction. */
class LimitsAndCorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        return TestHerald.send(b.timeout(Duration.ofSeconds(10)).build());
    }

    @Test
    void withoutOperatorTokenOnlyDirectLocalCallsMayPublish() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            assertThat(h.notify("{\"message\":\"local\"}").statusCode()).isEqualTo(202);
            HttpResponse<String> proxied = send(HttpRequest.newBuilder(h.uri("/notify"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.9")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"via proxy\"}")));
            assertThat(proxied.statusCode()).isEqualTo(403);
            // nginx's X-Real-IP, X-Forwarded-Host/-Proto and Via say a proxy passed it on just as well.
            for (String sign : List.of("X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Proto", "Via", "Forwarded")) {
                HttpResponse<String> viaProxy = send(HttpRequest.newBuilder(h.uri("/notify"))
                        .header("Content-Type", "application/json").header(sign, sign.equals("Via") ? "1.1 nginx" : "203.0.113.9")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"via proxy\"}")));
                assertThat(viaProxy.statusCode()).as(sign).isEqualTo(403);
            }
            assertThat(JSON.readTree(proxied.body()).get("error").asText()).isEqualTo("operator_only_local");
        }
    }

    @Test
    void connectRatePerIpAnswers429WithRetryAfterAndRecovers() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.loopback", "true",
                "herald.limits.connect.rate", "2", "herald.limits.connect.burst", "3"))) {
            List<SseClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    SseClient c = h.connect("/events");
                    assertThat(c.status()).isEqualTo(200);
                    open.add(c);
                }
                HttpResponse<String> refused = h.get("/events");
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("rate_limited");
                long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
                assertThat(retry).isBetween(1L, 2L);
                Thread.sleep(retry * 1000);
                SseClient again = h.connect("/events");
                assertThat(again.status()).isEqualTo(200);
                open.add(again);
            } finally {
                open.forEach(SseClient::close);
            }
        }
    }

    @Test
    void behindAProxyTheClientIsTheLastForwardedEntryNotOneItMadeUp() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.trust.proxy", "true",
                "herald.limits.connect.rate", "1", "herald.limits.connect.burst", "2"))) {
            List<SseClient> open = new ArrayList<>();
            try {
                // What nginx's $proxy_add_x_forwarded_for sends: the client's own header, then the address it saw.
                String[] spoofed = {"127.0.0.1, 203.0.113.9", "10.9.9.1, 203.0.113.9", "10.9.9.2, 203.0.113.9"};
                List<Integer> statuses = new ArrayList<>();
                for (String xff : spoofed) {
                    SseClient c = h.connect("/events", Map.of("X-Forwarded-For", xff));
                    statuses.add(c.status());
                    open.add(c);
                }
                assertThat(statuses).as("one client, 203.0.113.9, with a burst of 2").containsExactly(200, 200, 429);
            } finally {
                open.forEach(SseClient::close);
            }
        }
    }

    /**
     * One IPv6 host has a whole /64 to pick addresses from: counted per address, it had as many streams as it
     * liked (a tester's find). IPv4-mapped addresses count as their IPv4 address.
     */
    @Test
    void ipv6ClientsAreCountedByTheirSlash64() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.trust.proxy", "true", "herald.limits.connections.ip", "2"))) {
            List<SseClient> open = new ArrayList<>();
            try {
                List<Integer> statuses = new ArrayList<>();
                for (String xff : new String[] {"2001:db8:1:2::a", "2001:db8:1:2:ffff:1:2:3", "203.0.113.9", "::ffff:203.0.113.9"}) {
                    SseClient c = h.connect("/events", Map.of("X-Forwarded-For", xff));
                    statuses.add(c.status());
                    open.add(c);
                }
                assertThat(statuses).as("two of one /64, two of one IPv4 address").containsExactly(200, 200, 200, 200);
                SseClient sameSlash64 = h.connect("/events", Map.of("X-Forwarded-For", "2001:db8:1:2:9999::1"));
                open.add(sameSlash64);
                assertThat(sameSlash64.status()).as("a third address of the same /64").isEqualTo(429);
                sameSlash64.awaitEnd(Duration.ofSeconds(5));
                assertThat(String.join("\n", sameSlash64.rawLines())).contains("2001:db8:1:2::/64");
                SseClient sameV4 = h.connect("/events", Map.of("X-Forwarded-For", "203.0.113.9"));
                open.add(sameV4);
                assertThat(sameV4.status()).as("203.0.113.9 a third time, once IPv4-mapped").isEqualTo(429);
                SseClient otherSlash64 = h.connect("/events", Map.of("X-Forwarded-For", "2001:db8:1:3::a"));
                open.add(otherSlash64);
                assertThat(otherSlash64.status()).as("the next /64 is another client").isEqualTo(200);
            } finally {
                open.forEach(SseClient::close);
            }
        }
    }

    @Test
    void concurrentStreamsPerIpAndPerUserAreCapped() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.loopback", "true",
                "herald.limits.connections.ip", "2", "herald.limits.connections.user", "1",
                "herald.auth.jwt.secret", "0123456789abcdef0123456789abcdef-test-key"))) {
            String token = new SubscriberTokens("0123456789abcdef0123456789abcdef-test-key".getBytes(),
                    java.time.Clock.systemUTC()).mint("u1", List.of(), Duration.ofMinutes(1)).token();
            try (SseClient a = h.connect("/events?token=" + token)) {
                a.awaitHello();
                HttpResponse<String> second = h.get("/events?token=" + token);
                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(second.body()).contains("user u1");
                try (SseClient b = h.connect("/events")) {
                    b.awaitHello();
                    HttpResponse<String> third = h.get("/events");
                    assertThat(third.statusCode()).isEqualTo(429);
                    assertThat(third.body()).contains("127.0.0.1");
                }
            }
            // Slots come back when streams close.
            await().atMost(Duration.ofSeconds(5)).until(() -> h.server().hub().stats().connected() == 0);
            try (SseClient again = h.connect("/events?token=" + token)) {
                assertThat(again.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void streamsInAllAreCappedWith503AndPublishesStillGetThrough() throws Exception {
        // Loopback is exempt from the per-IP caps, not from the total.
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.connections.total", "2"))) {
            assertThat(h.get("/admin/stats").body()).as("operators see the total").contains("\"streams\":2");
            try (SseClient a = h.connect("/events")) {
                a.awaitHello();
                assertThat(TestHerald.send(java.net.http.HttpRequest.newBuilder(h.uri("/events"))
                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode())
                        .as("a HEAD takes no slot").isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> h.server().hub().stats().connected() == 0);
            try (SseClient a = connectWhenFree(h, "/events"); SseClient b = connectWhenFree(h, "/events?topic=x")) {
                a.awaitHello();
                b.awaitHello();
                HttpResponse<String> third = h.get("/events");
                assertThat(third.statusCode()).isEqualTo(503);
                assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(third.body()).contains("\"error\":\"server_full\"", "herald.limits.connections.total");
                assertThat(TestHerald.send(java.net.http.HttpRequest.newBuilder(h.uri("/events"))
                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode())
                        .as("a HEAD says so too").isEqualTo(503);
                assertThat(h.notify("{\"message\":\"still accepted\"}").statusCode()).isEqualTo(202);
            }
            // Both slots come back (a slot released twice, or not at all, shows here).
            try (SseClient again = connectWhenFree(h, "/events"); SseClient another = connectWhenFree(h, "/events")) {
                assertThat(another.status()).isEqualTo(200);
                assertThat(h.get("/events").statusCode()).isEqualTo(503);
            }
        }
    }

    // A slot is given back when the stream's connection has closed, a moment after the client left.
    private static SseClient connectWhenFree(TestHerald h, String path) {
        SseClient[] got = new SseClient[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            SseClient c = h.connect(path);
            if (c.status() == 200) {
                got[0] = c;
                return true;
            }
            c.close();
            return false;
        });
        return got[0];
    }

    @Test
    void publishRatePerOperatorAnswers429AndRecovers() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.publish.rate", "1", "herald.limits.publish.burst", "2"))) {
            assertThat(h.notify("{\"message\":\"1\"}").statusCode()).isEqualTo(202);
            assertThat(h.notify("{\"message\":\"2\"}").statusCode()).isEqualTo(202);
            HttpResponse<String> refused = h.notify("{\"message\":\"3\"}");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            Thread.sleep(1100);
            assertThat(h.notify("{\"message\":\"4\"}").statusCode()).isEqualTo(202);
            assertThat(h.get("/notifications").body()).doesNotContain("\"message\":\"3\"");
        }
    }

    @Test
    void corsAllowsConfiguredOriginsAndRefusesOthers() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", "https://app.example.com"))) {
            HttpResponse<String> preflight = send(HttpRequest.newBuilder(h.uri("/notify"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type"));
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");

            HttpResponse<String> allowed = send(HttpRequest.newBuilder(h.uri("/notifications"))
                    .header("Origin", "https://app.example.com"));
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");

            long before = h.server().log().latestId();
            HttpResponse<String> refused = send(HttpRequest.newBuilder(h.uri("/notify"))
                    .header("Origin", "https://evil.example").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"csrf\"}")));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("cors_refused");
            assertThat(h.server().log().latestId()).isEqualTo(before);

            HttpResponse<String> sameOrigin = send(HttpRequest.newBuilder(h.uri("/notifications"))
                    .header("Origin", "http://127.0.0.1:" + h.port()));
            assertThat(sameOrigin.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void corsExposesRetryAfterSoPagesCanReadItOn429() throws Exception {
        // A page of another origin publishes with a token (it never gets the token-less local operator).
        try (TestHerald h = TestHerald.start(Map.of("herald.cors.origins", "https://app.example.com",
                "herald.auth.operators", OperatorTokens.hash("op-token-of-a-page"),
                "herald.limits.publish.rate", "1", "herald.limits.publish.burst", "1"))) {
            HttpResponse<String> res = null;
            for (int i = 0; i < 2; i++) {
                res = send(HttpRequest.newBuilder(h.uri("/notify")).header("Authorization", "Bearer op-token-of-a-page")
                        .header("Origin", "https://app.example.com").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"m" + i + "\"}")));
            }
            assertThat(res.statusCode()).isEqualTo(429);
            assertThat(res.headers().firstValue("Retry-After")).isPresent();
            assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(res.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                    .containsIgnoringCase("Retry-After");
        }
    }

    @Test
    void oversizedHeadersAreRefusedWith4xx() throws Exception {
        try (TestHerald h = TestHerald.start(); Socket s = new Socket("127.0.0.1", h.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).matches("HTTP/1\\.1 4\\d\\d");
            assertThat(h.server().hub().stats().connected()).isZero();
        }
    }

    @Test
    void queryTokensNeverReachTheLog() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLoggerName() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        try (TestHerald h = TestHerald.start(Map.of("herald.auth.jwt.secret", "0123456789abcdef0123456789abcdef-test-key"))) {
            root.addHandler(capture); // after start: Helidon's logging setup resets the handlers
            String token = new SubscriberTokens("0123456789abcdef0123456789abcdef-test-key".getBytes(),
                    java.time.Clock.systemUTC()).mint("kim", List.of(), Duration.ofMinutes(1)).token();
            try (SseClient c = h.connect("/events?topic=a&token=" + token)) {
                c.awaitHello();
            }
            h.get("/notifications?token=" + token + "&limit=5");
            h.get("/notifications?token=bogus-secret-value");
            try {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> lines.stream().filter(l -> l.startsWith("dev.herald.access")).count() >= 3);
            } catch (RuntimeException e) {
                throw new AssertionError("captured: " + lines, e);
            }
            assertThat(lines).filteredOn(l -> l.startsWith("dev.herald.access"))
                    .anySatisfy(l -> assertThat(l).contains("/notifications?token=REDACTED&limit=5"));
            assertThat(String.join("\n", lines)).doesNotContain(token).doesNotContain("bogus-secret-value");
        } finally {
            root.removeHandler(capture);
        }
    }
}
