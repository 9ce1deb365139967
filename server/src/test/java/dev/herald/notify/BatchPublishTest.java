package dev.herald.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /notify/batch: many notifications in one request and one commit, all or nothing on bad input. */
class BatchPublishTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(Map.of("herald.limits.publish.burst", "600"));

    private static HttpResponse<String> batch(String body) {
        return herald.post("/notify/batch", "application/json", body);
    }

    @Test
    void aBatchIsStoredInOrderAndEveryTabGetsEachNotificationOnce() throws Exception {
        try (SseClient tab = herald.connect("/events"); SseClient ops = herald.connect("/events?topic=ops")) {
            tab.awaitHello();
            ops.awaitHello();
            HttpResponse<String> res = batch("""
                    [{"message":"one"},
                     {"message":"two","topic":"ops","level":"warning"},
                     {"message":"three","title":"T"}]""");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            JsonNode accepted = JSON.readTree(res.body()).get("notifications");
            assertThat(accepted).hasSize(3);
            List<Long> ids = new ArrayList<>();
            accepted.forEach(n -> ids.add(n.get("id").asLong()));
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(accepted.get(0).get("recipients").asInt()).isEqualTo(2); // broadcast: both tabs
            assertThat(accepted.get(1).get("recipients").asInt()).isEqualTo(1); // ops only
            assertThat(accepted.get(0).get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            List<SseEvent> got = tab.messages(2, Duration.ofSeconds(5));
            assertThat(got).extracting(e -> JSON.readTree(e.data()).get("message").asText())
                    .containsExactly("one", "three");
            assertThat(got).extracting(SseEvent::id)
                    .containsExactly(String.valueOf(ids.get(0)), String.valueOf(ids.get(2)));
            List<SseEvent> opsGot = ops.messages(3, Duration.ofSeconds(5));
            assertThat(opsGot).extracting(e -> JSON.readTree(e.data()).get("message").asText())
                    .containsExactly("one", "two", "three");
            assertThat(tab.drain(Duration.ofMillis(300))).isEmpty();
        }
        // and the history has them, like single publishes
        JsonNode history = JSON.readTree(herald.get("/notifications?limit=3").body()).get("notifications");
        assertThat(history.toString()).contains("\"one\"", "\"three\"");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"message\":\"not an array\"}                         | invalid_body",
            "[]                                                     | invalid_body",
            "[{\"message\":\"ok\"},{\"message\":\"\"}]              | missing_message",
            "[{\"message\":\"ok\"},{\"message\":\"a\",\"titel\":1}] | unknown_field",
            "[{\"message\":\"ok\"},\"Hello\"]                       | invalid_body",
            "[{\"message\":\"later\",\"delay\":\"10m\"}]            | invalid_schedule",
            "[{\"message\":\"ok\"}                                  | malformed_json",
    })
    void aBadItemRefusesTheWholeBatchAndStoresNothing(String body, String error) throws Exception {
        long before = herald.server().log().latestId();
        HttpResponse<String> res = batch(body.strip());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode json = JSON.readTree(res.body());
        assertThat(json.get("error").asText()).isEqualTo(error);
        if (body.contains("\"ok\"},{")) {
            assertThat(json.get("detail").asText()).startsWith("[1]: ");
        }
        assertThat(herald.server().log().latestId()).isEqualTo(before);
    }

    @Test
    void batchesLargerThanTheLimitAreRefused() throws Exception {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i <= NotifyService.MAX_BATCH; i++) {
            big.append(i == 0 ? "" : ",").append("{\"message\":\"m").append(i).append("\"}");
        }
        long before = herald.server().log().latestId();
        HttpResponse<String> res = batch(big + "]");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).get("error").asText()).isEqualTo("batch_too_large");
        assertThat(herald.server().log().latestId()).isEqualTo(before);
    }

    @Test
    void wrongMethodAndContentTypeAreRefused() throws Exception {
        assertThat(herald.get("/notify/batch").statusCode()).isEqualTo(405);
        assertThat(herald.post("/notify/batch", "text/plain", "[{\"message\":\"x\"}]").statusCode()).isEqualTo(415);
    }

    @Test
    void eachNotificationOfABatchCountsAgainstThePublishRate() throws Exception {
        try (TestHerald h = TestHerald.start(Map.of("herald.limits.publish.rate", "1", "herald.limits.publish.burst", "3"))) {
            String four = "[{\"message\":\"a\"},{\"message\":\"b\"},{\"message\":\"c\"},{\"message\":\"d\"}]";
            HttpResponse<String> tooBig = h.post("/notify/batch", "application/json", four);
            assertThat(tooBig.statusCode()).as("a batch above the burst could never pass").isEqualTo(400);
            String three = "[{\"message\":\"a\"},{\"message\":\"b\"},{\"message\":\"c\"}]";
            assertThat(h.post("/notify/batch", "application/json", three).statusCode()).isEqualTo(202);
            HttpResponse<String> limited = h.post("/notify/batch", "application/json", "[{\"message\":\"e\"}]");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(h.server().log().latestId()).isEqualTo(3);
        }
    }
}
