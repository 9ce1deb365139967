package dev.herald.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.herald.support.ApiErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number a client may write anywhere in a body gets the answer it got before the bodies were read with exact
 * decimals (the ttl 3600.0 change): an exponent past what a BigDecimal holds ({@code 1e9999999999}) was a
 * {@code 500} there (Jackson's NumberFormatException is no JacksonException), where a double had read it as
 * Infinity and each field refused it with its own 400. What subscribers, history and operators get is unchanged.
 */
class ClientNumbersTest {
    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(); // no operator token: loopback calls are operators

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TTLS = {"3600", "3600.0", "3.6e3", "360000e-2", "36E2"};

    // The only number a notification keeps is its ttl: what a stream, history and the scheduled list show for
    // each way of writing 3600 is what they show for 3600 itself (the one form taken before the ttl 3600.0 change).
    @Test
    void aTtlHoweverWrittenComesOutAsTheIntegerEverywhere() throws Exception {
        List<String> live = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        List<String> scheduled = new ArrayList<>();
        try (SseClient page = herald.connect("/events?topic=numbers")) {
            page.awaitConnection();
            for (String ttl : TTLS) {
                herald.publish("{\"message\":\"m\",\"topic\":\"numbers\",\"ttl\":" + ttl + "}");
            }
            for (SseEvent e : page.messages(TTLS.length, Duration.ofSeconds(10))) {
                live.add(withoutTimesAndIds(e.data()));
            }
        }
        for (JsonNode n : JSON.readTree(herald.get("/notifications?topic=numbers&limit=10").body()).get("notifications")) {
            stored.add(withoutTimesAndIds(n.toString()));
        }
        for (String ttl : TTLS) {
            JsonNode res = JSON.readTree(herald.notify("{\"message\":\"later\",\"ttl\":" + ttl + ",\"delay\":\"1h\"}").body());
            for (JsonNode s : JSON.readTree(herald.get("/admin/scheduled").body()).get("scheduled")) {
                if (s.get("id").asText().equals(res.get("id").asText())) {
                    scheduled.add(s.get("notification").toString());
                }
            }
        }
        for (List<String> seen : List.of(live, stored, scheduled)) {
            assertThat(seen).hasSize(TTLS.length).containsOnly(seen.getFirst());
            assertThat(seen.getFirst()).contains("\"ttl\":3600");
        }
    }

    private static String withoutTimesAndIds(String json) {
        return json.replaceAll("\"(time|expires)\":\"[^\"]*\"", "\"$1\":_").replaceAll("\"id\":\\d+", "\"id\":_");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e9999999999", "-1e9999999999", "1.5e-9999999999", "1e2147483648"})
    void anExponentPastEveryLimitIsEachFieldsOwn400(String number) throws Exception {
        long before = herald.server().log().latestId();
        assertRefused(herald.notify("{\"message\":\"a\",\"ttl\":" + number + "}"), 400, "invalid_ttl");
        assertRefused(herald.notify("{\"message\":" + number + "}"), 400, "invalid_type");
        assertRefused(herald.notify("{\"message\":\"a\",\"tags\":[" + number + "]}"), 400, "invalid_type");
        assertRefused(herald.notify("{\"message\":\"a\",\"delay\":" + number + "}"), 400, "invalid_schedule");
        assertRefused(herald.post("/notify/batch", "application/json", "[{\"message\":\"a\",\"ttl\":" + number + "}]"),
                400, "invalid_ttl");
        assertRefused(herald.post("/admin/tokens", "application/json", "{\"user\":\"py\",\"ttl\":" + number + "}"),
                400, "invalid_ttl");
        assertRefused(herald.post("/receipts", "application/json",
                "{\"connection\":\"c1\",\"delivered\":[" + number + "]}"), 400, "invalid_type");
        assertThat(herald.server().log().latestId()).isEqualTo(before);
    }
}
