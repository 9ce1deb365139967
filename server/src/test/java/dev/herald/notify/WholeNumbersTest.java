package dev.herald.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static dev.herald.support.ApiErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole numbers in JSON bodies are taken however they are written: Python's {@code json.dumps(3600.0)} writes
 * {@code 3600.0}, and {@code 1e3} is a JSON number like any other. Before the twenty-fifth session both were
 * {@code 400 invalid_ttl} ("not whole seconds"). Fractions, negatives and huge numbers are still refused.
 */
class WholeNumbersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(); // no operator token: loopback calls are operators

    private static JsonNode json(HttpResponse<String> res) throws Exception {
        return JSON.readTree(res.body());
    }

    @ParameterizedTest(name = "ttl {0}")
    @ValueSource(strings = {"3600.0", "3.6e3", "36E2", "3600.000", "360000e-2", "3.6E+3"})
    void aPublishTakesAWholeTtlHoweverWritten(String ttl) throws Exception {
        HttpResponse<String> res = herald.notify("{\"message\":\"whole\",\"topic\":\"whole\",\"ttl\":" + ttl + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        long id = json(res).get("id").asLong();
        JsonNode stored = json(herald.get("/notifications?topic=whole&limit=1")).get("notifications").get(0);
        assertThat(stored.get("id").asLong()).isEqualTo(id);
        assertThat(stored.get("ttl").isInt()).as(stored.toString()).isTrue();
        assertThat(stored.get("ttl").asInt()).isEqualTo(3600);
    }

    @Test
    void aStreamGetsTheTtlAsAnInteger() throws Exception {
        try (SseClient page = herald.connect("/events?topic=whole-live")) {
            page.awaitConnection();
            herald.publish("{\"message\":\"live\",\"topic\":\"whole-live\",\"ttl\":1e3}");
            String data = page.messages(1, Duration.ofSeconds(10)).getFirst().data();
            assertThat(data).contains("\"ttl\":1000,");
        }
    }

    @Test
    void aBatchAndAMintedTokenTakeThemToo() throws Exception {
        HttpResponse<String> batch = herald.post("/notify/batch", "application/json",
                "[{\"message\":\"a\",\"ttl\":60.0},{\"message\":\"b\",\"ttl\":6e1}]");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);

        Instant before = Instant.now();
        HttpResponse<String> minted = herald.post("/admin/tokens", "application/json", "{\"user\":\"py\",\"ttl\":3600.0}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        Instant expires = Instant.parse(json(minted).get("expires").asText());
        assertThat(expires).isBetween(before.plusSeconds(3599), Instant.now().plusSeconds(3601));
    }

    @Test
    void aScheduledBodyKeepsTheTtlAsAnInteger() throws Exception {
        HttpResponse<String> res = herald.notify("{\"message\":\"later\",\"ttl\":1.2e2,\"delay\":\"1h\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        String id = json(res).get("id").asText();
        JsonNode listed = null;
        for (JsonNode s : json(herald.get("/admin/scheduled")).get("scheduled")) {
            if (s.get("id").asText().equals(id)) {
                listed = s.get("notification");
            }
        }
        assertThat(listed).as("scheduled " + id).isNotNull();
        // What the scheduler publishes when due is read with the same parser; what operators see is 120, not 1.2E+2.
        assertThat(listed.get("ttl").isInt()).as(listed.toString()).isTrue();
        assertThat(listed.get("ttl").asInt()).isEqualTo(120);
    }

    @Test
    void receiptIdsMayBeWrittenAsWholeNumbersToo() throws Exception {
        try (SseClient page = herald.connect("/events?topic=whole-receipts")) {
            String connection = page.awaitConnection();
            long id = herald.publish("{\"message\":\"r\",\"topic\":\"whole-receipts\"}");
            page.messages(1, Duration.ofSeconds(10));
            String body = "{\"connection\":\"" + connection + "\",\"delivered\":[" + id + ".0],\"seen\":[]}";
            HttpResponse<String> res = herald.post("/receipts", "application/json", body);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(json(res).get("delivered").asInt()).isEqualTo(1);
            assertRefused(herald.post("/receipts", "application/json",
                    "{\"connection\":\"" + connection + "\",\"delivered\":[" + id + ".5]}"), 400, "invalid_type");
        }
    }

    @ParameterizedTest(name = "ttl {0}")
    @ValueSource(strings = {"1.5", "3600.5", "3600.0000000000001", "0", "0.0", "-0.0", "-1", "-1.0", "1e-3", "31536001",
            "31536000.5", "3.1536001e7", "1e400", "1e999999999", "-1e999999999", "9223372036854775808", "18446744073709551716.0",
            "\"3600\"", "true", "[3600]"})
    void fractionsNegativesHugeNumbersAndOtherTypesAreStillRefused(String ttl) throws Exception {
        long before = herald.server().log().latestId();
        assertRefused(herald.notify("{\"message\":\"a\",\"ttl\":" + ttl + "}"), 400, "invalid_ttl");
        assertRefused(herald.post("/notify/batch", "application/json", "[{\"message\":\"a\",\"ttl\":" + ttl + "}]"),
                400, "invalid_ttl");
        assertRefused(herald.post("/admin/tokens", "application/json", "{\"user\":\"py\",\"ttl\":" + ttl + "}"),
                400, "invalid_ttl");
        assertThat(herald.server().log().latestId()).isEqualTo(before);
    }
}
