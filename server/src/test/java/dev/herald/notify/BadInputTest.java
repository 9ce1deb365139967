package dev.herald.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.herald.support.ApiErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** Every bad request gets a 4xx JSON {"error","detail"} and stores nothing. */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(Map.of("herald.limits.body", "4096", "herald.limits.message", "1000"));

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "not json at all                                  | 400 | malformed_json",
            "{\"message\":                                     | 400 | malformed_json",
            "{\"message\":\"a\"} trailing                       | 400 | malformed_json",
            "[\"message\"]                                     | 400 | invalid_body",
            "\"Hello\"                                         | 400 | invalid_body",
            "{}                                               | 400 | missing_message",
            "{\"message\":\"\"}                                 | 400 | missing_message",
            "{\"message\":\"   \"}                              | 400 | missing_message",
            "{\"message\":\"\\u00a0\"}                         | 400 | missing_message",
            "{\"message\":\" \\u200b\\u2060\\ufeff \"}             | 400 | missing_message",
            "{\"message\":\"\\u3164\\u115f\\u034f\\uffa0\\ufe0f\"}      | 400 | missing_message",
            "{\"message\":\"\\u2800\\u180b\\u180f \\u2800\"}      | 400 | missing_message",
            "{\"message\":null}                               | 400 | missing_message",
            "{\"message\":42}                                 | 400 | invalid_type",
            "{\"message\":[\"a\"]}                              | 400 | invalid_type",
            "{\"message\":\"a\",\"title\":5}                      | 400 | invalid_type",
            "{\"message\":\"a\",\"level\":\"panic\"}              | 400 | invalid_level",
            "{\"message\":\"a\",\"level\":1}                      | 400 | invalid_type",
            "{\"message\":\"a\",\"topic\":\"bad topic\"}          | 400 | invalid_topic",
            "{\"message\":\"a\",\"topic\":\"\"}                   | 400 | invalid_topic",
            "{\"message\":\"a\",\"topics\":\"ops\"}               | 400 | invalid_type",
            "{\"message\":\"a\",\"topics\":[\"ops\",7]}            | 400 | invalid_type",
            "{\"message\":\"a\",\"topic\":\"x/../y\"}             | 400 | invalid_topic",
            "{\"message\":\"a\",\"tags\":[\"\"]}                   | 400 | invalid_tag",
            "{\"message\":\"a\",\"tags\":\"x\"}                   | 400 | invalid_type",
            "{\"message\":\"a\",\"url\":\"javascript:alert(1)\"}  | 400 | invalid_url",
            "{\"message\":\"a\",\"url\":\"//evil.example\"}       | 400 | invalid_url",
            "{\"message\":\"a\",\"url\":\"ftp://x.example/f\"}    | 400 | invalid_url",
            "{\"message\":\"a\",\"url\":\"https://x.example:99999/\"} | 400 | invalid_url",
            "{\"message\":\"a\",\"ttl\":0}                        | 400 | invalid_ttl",
            "{\"message\":\"a\",\"ttl\":-5}                       | 400 | invalid_ttl",
            "{\"message\":\"a\",\"ttl\":1.5}                      | 400 | invalid_ttl",
            "{\"message\":\"a\",\"ttl\":\"60\"}                   | 400 | invalid_ttl",
            "{\"message\":\"a\",\"titel\":\"typo\"}               | 400 | unknown_field",
            "{\"message\":\"a\\u0000b\"}                          | 400 | control_characters",
            "{\"message\":\"a\",\"title\":\"x\\ny\"}              | 400 | control_characters",
    })
    void badBodiesAreRefusedAndNothingIsStored(String body, int status, String error) throws Exception {
        long before = herald.server().log().latestId();
        assertRefused(herald.notify(body.strip()), status, error);
        assertThat(herald.server().log().latestId()).isEqualTo(before);
    }

    @Test
    void linksABrowserFollowsAreStoredAsGiven() throws Exception {
        for (String url : new String[] {"https://例え.jp/", "https://grafana.example/d/x?var-host={a,b}&q=a|b"}) {
            HttpResponse<String> res = herald.notify("{\"message\":\"a link\",\"url\":\"" + url + "\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            long id = new ObjectMapper().readTree(res.body()).get("id").asLong();
            assertThat(herald.server().log().readAfter(id - 1, dev.herald.store.EventFilter.everything(java.time.Instant.EPOCH), 1)
                    .getFirst().payload()).contains("\"url\":\"" + url + "\"");
        }
    }

    @Test
    void malformedJsonSaysWhereInPlainWords() throws Exception {
        // Until the twenty-third session a value followed by more named Jackson's class
        // ("bound as `com.fasterxml.jackson.databind.JsonNode`") and its feature switch (a tester's find).
        for (String body : new String[] {"{", "{\"message\":\"a\",}", "[".repeat(1200), "not json at all",
                "{\"message\":\"a\"} trailing", "{\"message\":\"a\"} {}", "{\"message\":\"x\",\"message\":\"y\"}",
                "{'message':'a'}", "{\"message\":tru}", "{\"message\":01}", "{\"message\":\"\\x\"}",
                "{\"message\":\"a\u0001\"}", "{\"message\":NaN}", "{\"message\":\"a\"} // note", "{\"message\":" + "9".repeat(1200) + "}"}) {
            var res = herald.notify(body);
            assertRefused(res, 400, "malformed_json");
            String detail = JSON.readTree(res.body()).get("detail").asText();
            assertThat(detail).as(body.substring(0, Math.min(20, body.length()))).startsWith("body is not valid JSON: ")
                    .doesNotContain("Source").doesNotContain("`").doesNotContain("StreamRead")
                    .doesNotContainIgnoringCase("jackson").doesNotContain("JsonNode").doesNotContain("Feature")
                    .doesNotContain("com.").doesNotContain("()");
            if (body.length() < 100) { // a syntax error has a place; the nesting limit is the whole body
                assertThat(detail).contains("(line 1, column ");
            }
        }
        // A backtick the client sent is named, not hidden as "unexpected input" (a review's find).
        String detail = JSON.readTree(herald.notify("{`message`:1}").body()).get("detail").asText();
        assertThat(detail).contains("'`'").doesNotContain("unexpected input");
    }

    @Test
    void tooLongMessageIsRefused() throws Exception {
        assertRefused(herald.notify("{\"message\":\"" + "x".repeat(1001) + "\"}"), 400, "message_too_long");
        assertThat(herald.notify("{\"message\":\"" + "x".repeat(1000) + "\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void tooManyTopicsAreRefused() throws Exception {
        StringBuilder topics = new StringBuilder("[");
        for (int i = 0; i < 33; i++) {
            topics.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        assertRefused(herald.notify("{\"message\":\"a\",\"topics\":" + topics + "]}"), 400, "too_many_topics");
    }

    // Tags are stored once each, like topics and users, but 17 with a repeat were refused as too many.
    @Test
    void aRepeatedTagCountsOnceAsARepeatedTopicOrUserDoes() throws Exception {
        String seventeen = "[" + "\"t1\",".repeat(2) + String.join(",", java.util.stream.IntStream.rangeClosed(2, 16)
                .mapToObj(i -> "\"t" + i + "\"").toList()) + "]";
        long id = herald.publish("{\"message\":\"a\",\"tags\":" + seventeen + ",\"topics\":" + seventeen.replace('t', 'p')
                + ",\"users\":" + seventeen.replace('t', 'u') + "}");
        var stored = JSON.readTree(herald.server().log().readAfter(id - 1,
                dev.herald.store.EventFilter.everything(java.time.Instant.EPOCH), 1).getFirst().payload());
        assertThat(stored.get("tags")).hasSize(16);
        assertThat(stored.get("topics")).hasSize(16);
        String distinct = seventeen.replace("\"t1\",\"t1\"", "\"t1\",\"t17\"");
        assertRefused(herald.notify("{\"message\":\"a\",\"tags\":" + distinct + "}"), 400, "too_many_tags");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        long before = herald.server().log().latestId();
        String body = "{\"message\":\"a\",\"title\":\"" + "x".repeat(5000) + "\"}";
        assertRefused(herald.notify(body), 413, "body_too_large");
        assertThat(herald.server().log().latestId()).isEqualTo(before);
    }

    @Test
    void oversizedChunkedBodyWithoutLengthIs413() throws Exception {
        try (Socket s = new Socket("127.0.0.1", herald.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String chunk = "x".repeat(3000);
            String req = "POST /notify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"text/plain", "application/x-www-form-urlencoded", "none"})
    void wrongContentTypeIs415(String type) throws Exception {
        assertRefused(herald.post("/notify", type, "{\"message\":\"a\"}"), 415, "unsupported_media_type");
    }

    // A Content-Type of only separators split into no parts at all, and reading the first was a 500.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"/notify | ;;", "/notify | ;", "/notify/batch | ;;", "/admin/tokens | ;;",
            "/receipts | ;;", "/notify | ' ; charset=utf-8'"})
    void aContentTypeWithoutAMediaTypeIs415(String path, String type) throws Exception {
        assertRefused(herald.post(path, type, "{\"message\":\"a\"}"), 415, "unsupported_media_type");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> res = herald.get("/notify");
        assertRefused(res, 405, "method_not_allowed");
        assertThat(res.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    }

    @Test
    void aParameterOrLastEventIdGivenTwiceAgreesOrIsRefused() throws Exception {
        HttpResponse<String> twice = TestHerald.send(HttpRequest.newBuilder(herald.uri("/events"))
                .header("Last-Event-ID", "4").header("Last-Event-ID", "5").timeout(Duration.ofSeconds(10)).build());
        assertRefused(twice, 400, "invalid_last_event_id");
        assertThat(herald.get("/notifications?limit=2&limit=2").statusCode()).as("the same value twice").isEqualTo(200);
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        assertRefused(herald.get("/nope"), 404, "not_found");
        assertRefused(herald.get("/observe/nope"), 404, "not_found");
        // Helidon takes /notify/ for /notify, but not /notify/batch/: the refusal says what to drop.
        var slash = herald.post("/notify/batch/", "application/json", "[{\"message\":\"a\"}]");
        assertRefused(slash, 404, "not_found");
        assertThat(JSON.readTree(slash.body()).get("detail").asText())
                .isEqualTo("no such resource: /notify/batch/ (Herald's paths take no trailing slash: /notify/batch)");
        // Health is on this port here (no herald.observe.port), so it is named (ObserveTest: where it is not).
        assertThat(JSON.readTree(herald.get("/observe/health/live/").body()).get("detail").asText())
                .isEqualTo("no such resource: /observe/health/live/ (Herald's paths take no trailing slash: /observe/health/live)");
    }

    // /events resumes with lastEventId=; the history ignored it and answered the newest page, as if it were after=.
    @ParameterizedTest
    @CsvSource({"/notifications?lastEventId=3", "/admin/notifications?lastEventId=3", "/notifications?last-event-id=3"})
    void theStreamsResumeParameterOnAHistoryPageNamesAfter(String path) throws Exception {
        var res = herald.get(path);
        assertRefused(res, 400, "invalid_query");
        assertThat(JSON.readTree(res.body()).get("detail").asText()).contains("after=");
    }

    // An id past the largest was "not a non-negative whole number", which it is.
    @Test
    void aPagingIdTooLargeSaysHowLargeIdsGo() throws Exception {
        var res = herald.get("/notifications?before=99999999999999999999");
        assertRefused(res, 400, "invalid_query");
        assertThat(JSON.readTree(res.body()).get("detail").asText())
                .isEqualTo("before= must be a notification id, a whole number from 0 to 9223372036854775807");
    }

    // "/admin/" was told to use "/admin", another 404: the hint names only a path that exists.
    @ParameterizedTest
    @CsvSource({"/admin/", "/observe/", "/nope/", "/admin/stat/"})
    void aSlashedPathWhoseSlashlessTwinIsNoPathGetsNoHint(String path) throws Exception {
        var res = herald.get(path);
        assertRefused(res, 404, "not_found");
        assertThat(JSON.readTree(res.body()).get("detail").asText()).isEqualTo("no such resource: " + path);
    }

    @ParameterizedTest
    @CsvSource({"/events?topic=bad%20topic, invalid_topic", "/events?topic=, invalid_topic",
            "/events?lastEventId=abc, invalid_last_event_id", "/events?lastEventId=-1, invalid_last_event_id",
            "/notifications?limit=0, invalid_query", "/notifications?limit=501, invalid_query",
            "/notifications?after=x, invalid_query", "/notifications?after=1&before=5, invalid_query",
            "/notifications?topic=a%0Ab, invalid_topic", "/notifications?limit=2&limit=3, invalid_query",
            "/notifications?before=5&before=8, invalid_query", "/admin/notifications?limit=2&limit=3, invalid_query",
            "/events?lastEventId=44&lastEventId=4000, invalid_last_event_id",
            "/notifications?limit=1%00, invalid_query", "/notifications?before=5%01, invalid_query",
            "/events?lastEventId=5%00, invalid_last_event_id"})
    void badQueriesAre400(String path, String error) throws Exception {
        int before = herald.server().hub().stats().connected();
        assertRefused(herald.get(path), 400, error);
        assertThat(herald.server().hub().stats().connected()).isEqualTo(before);
    }

    @Test
    void badLastEventIdHeaderIs400() throws Exception {
        HttpResponse<String> res = TestHerald.send(HttpRequest.newBuilder(herald.uri("/events"))
                .timeout(Duration.ofSeconds(10)).header("Last-Event-ID", "12; DROP TABLE").GET().build());
        assertRefused(res, 400, "invalid_last_event_id");
    }

    @Test
    void storedNotificationsSurviveAStormOfBadInput() throws Exception {
        assertThat(herald.notify("{\"message\":\"precious\"}").statusCode()).isEqualTo(202);
        for (int i = 0; i < 50; i++) {
            herald.notify("{\"message\":" + i);
            herald.post("/notify", "text/plain", "garbage");
        }
        assertThat(herald.get("/notifications?limit=500").body()).contains("\"message\":\"precious\"");
        assertThat(herald.server().log().health().up()).isTrue();
    }
}
