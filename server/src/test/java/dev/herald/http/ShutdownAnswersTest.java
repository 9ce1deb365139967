package dev.herald.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishes that race the server's stop get a 503 a client retries, not a 500. */
class ShutdownAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishesDuringTheStopAre503WithRetryAfter() throws Exception {
        try (TestHerald herald = TestHerald.start(Map.of())) {
            assertThat(herald.notify("{\"message\":\"before\"}").statusCode()).isEqualTo(202);
            herald.server().hub().close(); // the first step of a stop (SIGTERM): the web server still answers
            for (HttpResponse<String> res : new HttpResponse[] {herald.notify("{\"message\":\"during\"}"),
                    herald.post("/notify/batch", "application/json", "[{\"message\":\"during\"}]")}) {
                assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
                assertThat(JSON.readTree(res.body()).get("error").asText()).isEqualTo("shutting_down");
                assertThat(res.headers().firstValue("Retry-After")).hasValue("5");
            }
        }
    }
}
