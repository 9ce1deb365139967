package dev.herald.http;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every answer (of the routes, of Helidon's refusals before routing, of the observe listener) carries the defence-in-depth headers; the page's meta CSP says what the header says. */
class SecurityHeadersTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass();

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/app.js", "/worker.js", "/styles.css", "/icon.svg",
            "/notifications", "/no-such-file", "/events?topic=bad%20topic"})
    void everyAnswerCarriesThem(String path) throws Exception {
        assertHeaders(HTTP.send(HttpRequest.newBuilder(herald.uri(path)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void refusalsAndRevalidationsCarryThemToo() throws Exception {
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(herald.uri("/notify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertHeaders(refused);

        String etag = HTTP.send(HttpRequest.newBuilder(herald.uri("/app.js")).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> notModified = HTTP.send(HttpRequest.newBuilder(herald.uri("/app.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertHeaders(notModified);
    }

    @Test
    void answersMadeBeforeRoutingAndOnTheObserveListenerCarryThemToo() throws Exception {
        // Headers too large: Helidon refuses before routing (JsonDirectHandler writes the 431).
        try (Socket s = new Socket("127.0.0.1", herald.port())) {
            s.getOutputStream().write(("GET /notifications HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20000)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String head = new String(s.getInputStream().readNBytes(2000), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            assertThat(head).startsWith("http/1.1 431")
                    .contains("x-content-type-options: nosniff", "x-frame-options: deny", "referrer-policy: no-referrer",
                            "content-security-policy: " + SecurityHeaders.POLICY.toLowerCase(Locale.ROOT));
        }
        try (TestHerald separate = TestHerald.start(Map.of("herald.observe.port", "0"))) {
            assertHeaders(HTTP.send(HttpRequest.newBuilder(URI.create(separate.server().observeAddress() + "/observe/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void thePagesMetaPolicyIsTheHeadersWithoutFrameAncestors() throws Exception {
        String html = HTTP.send(HttpRequest.newBuilder(herald.uri("/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher meta = Pattern.compile("http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"").matcher(html);
        assertThat(meta.find()).as("index.html's CSP meta").isTrue();
        assertThat(meta.group(1)).isEqualTo(SecurityHeaders.PAGE_POLICY);
        assertThat(SecurityHeaders.POLICY).isEqualTo(meta.group(1) + "; frame-ancestors 'none'");
    }

    private static void assertHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as("nosniff on %s", r.uri()).contains("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy")).as("CSP on %s", r.uri()).contains(SecurityHeaders.POLICY);
        assertThat(r.headers().firstValue("X-Frame-Options")).as("frame options on %s", r.uri()).contains("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).as("referrer policy on %s", r.uri()).contains("no-referrer");
    }
}
