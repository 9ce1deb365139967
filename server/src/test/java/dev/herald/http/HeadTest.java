package dev.herald.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.auth.OperatorTokens;
import dev.herald.support.RawHttp;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HEAD wherever GET works: the GET's status and headers, no body, and the connection still usable
 * for the next request (a stray body would be read as the next response).
 */
class HeadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "head-test-operator-token";

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(Map.of(
            "herald.auth.operators", OperatorTokens.hash(OPERATOR),
            "herald.auth.private", "secret-*"));

    private static String request(String method, String path, boolean operator) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\n"
                + (operator ? "Authorization: Bearer " + OPERATOR + "\r\n" : "") + "\r\n";
    }

    /** HEAD then GET of one path on one connection. */
    private static List<RawHttp.Response> headThenGet(String path, boolean operator) {
        return RawHttp.headThen(herald.port(), request("HEAD", path, operator), request("GET", path, operator));
    }

    private static long publish() throws Exception {
        var res = TestHerald.send(java.net.http.HttpRequest.newBuilder(herald.uri("/notify"))
                .header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"head\"}")).build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        return JSON.readTree(res.body()).get("id").asLong();
    }

    @Test
    void aJsonAnswerGivesItsLengthAndNoBody() throws Exception {
        long id = publish();
        for (String path : List.of("/notifications", "/admin/notifications", "/admin/scheduled",
                "/admin/notifications/" + id)) {
            List<RawHttp.Response> res = headThenGet(path, true);
            RawHttp.Response head = res.get(0);
            RawHttp.Response get = res.get(1);
            assertThat(get.status()).as(path + ": " + get.body()).isEqualTo(200);
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type")).startsWith("application/json");
            assertThat(head.header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(head.header("Content-Length")).as(path)
                    .isEqualTo(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
            JSON.readTree(get.body()); // the GET after the HEAD parses: no stray bytes came between them
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/stats", "/admin/clients", "/cluster"})
    void answersThatChangeByTheSecondStillHaveALengthAndNoBody(String path) throws Exception {
        List<RawHttp.Response> res = headThenGet(path, true);
        assertThat(res.get(0).status()).isEqualTo(res.get(1).status());
        assertThat(res.get(0).body()).isEmpty();
        assertThat(Long.parseLong(res.get(0).header("Content-Length"))).isPositive();
        JSON.readTree(res.get(1).body());
    }

    @Test
    void refusalsAreTheGetsWithoutTheirBody() {
        // Not an operator; an unknown id; a private topic without a token; a bad Last-Event-ID query.
        for (String path : List.of("/admin/stats", "/admin/stats/stream", "/admin/notifications/999999",
                "/events?topic=secret-plans", "/events?lastEventId=abc", "/events?topics=news")) {
            boolean operator = path.contains("999999");
            List<RawHttp.Response> res = headThenGet(path, operator);
            RawHttp.Response head = res.get(0);
            RawHttp.Response get = res.get(1);
            assertThat(get.status()).as(path + ": " + get.body()).isBetween(400, 499);
            assertThat(head.status()).as(path).isEqualTo(get.status());
            assertThat(head.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(head.header("Content-Length")).as(path)
                    .isEqualTo(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void anEventStreamsHeadOpensNoStream() throws Exception {
        for (String path : List.of("/events", "/events?topic=news", "/admin/stats/stream")) {
            boolean operator = path.startsWith("/admin");
            List<RawHttp.Response> res = RawHttp.headThen(herald.port(), request("HEAD", path, operator),
                    request("GET", "/admin/stats", true));
            assertThat(res.get(0).status()).as(path).isEqualTo(200);
            assertThat(res.get(0).header("Content-Type")).as(path).startsWith("text/event-stream");
            assertThat(res.get(0).header("Cache-Control")).as(path).isEqualTo("no-cache");
            assertThat(res.get(0).body()).isEmpty();
            // The same connection answered the next request: no stream holds it, and none was counted.
            assertThat(res.get(1).status()).isEqualTo(200);
            assertThat(JSON.readTree(res.get(1).body()).get("connected").asInt()).as(path).isZero();
        }
    }

    // Helidon's metrics feature routes GET only: an uptime monitor's HEAD got a 404 (MetricsHead).
    @Test
    void metricsAnswerAHeadAsTheirGetWithoutTheBody() {
        for (String accept : List.of("text/plain", "application/json", "image/png")) {
            for (String path : List.of("/observe/metrics", "/observe/metrics?scope=base", "/observe/metrics/base",
                    "/observe/metrics/base/thread.count", "/observe/metrics/base/no.such.meter")) {
                String ask = " " + path + " HTTP/1.1\r\nHost: x\r\nAccept: " + accept + "\r\n\r\n";
                List<RawHttp.Response> res = RawHttp.headThen(herald.port(), "HEAD" + ask, "GET" + ask);
                RawHttp.Response head = res.get(0);
                RawHttp.Response get = res.get(1);
                String what = accept + " " + path;
                assertThat(get.status()).as(what).isEqualTo(accept.equals("image/png") ? 406 : path.contains("no.such") ? 404 : 200);
                assertThat(head.status()).as(what).isEqualTo(get.status());
                assertThat(head.body()).as(what).isEmpty();
                assertThat(head.header("Content-Type")).as(what).isEqualTo(get.header("Content-Type"));
                if (get.status() == 200) {
                    assertThat(head.header("Content-Type")).as(what).startsWith(accept);
                    assertThat(Long.parseLong(head.header("Content-Length"))).as(what).isPositive();
                    assertThat(get.body()).as(what).contains("thread"); // the GET after the HEAD read whole
                }
            }
        }
    }

    // Health answers a HEAD Helidon's way, as README says: 204 while up (503 when down), no body.
    @Test
    void healthAnswersAHeadWith204WhileUp() {
        for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
            String ask = " " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
            List<RawHttp.Response> res = RawHttp.headThen(herald.port(), "HEAD" + ask, "GET" + ask);
            assertThat(res.get(0).status()).as(path).isEqualTo(204);
            assertThat(res.get(0).body()).as(path).isEmpty();
            assertThat(res.get(1).status()).as(path).isEqualTo(200);
            assertThat(res.get(1).body()).as(path).contains("\"UP\"");
        }
    }

    // README: /observe/* answer only GET and HEAD, other methods get a JSON 404. Helidon's metrics feature
    // also routes OPTIONS, which answered 200 with every meter's metadata as JSON.
    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS /observe/metrics", "OPTIONS /observe/metrics/base",
            "OPTIONS /observe/metrics/base/thread.count", "POST /observe/metrics", "DELETE /observe/metrics/base",
            "OPTIONS /observe/health"})
    void observePathsAnswerOtherMethodsWithAJson404(String ask) throws Exception {
        RawHttp.Response res = RawHttp.exchange(herald.port(), ask + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(res.status()).as(ask + ": " + res.body()).isEqualTo(404);
        assertThat(JSON.readTree(res.body()).get("error").asText()).as(ask).isEqualTo("not_found");
    }

    @Test
    void aRequestRefusedBeforeRoutingAnswersAHeadWithoutABody() throws Exception {
        try (Socket s = new Socket("127.0.0.1", herald.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("HEAD /events HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 400").contains("application/json").endsWith("\r\n\r\n");
        }
    }
}
