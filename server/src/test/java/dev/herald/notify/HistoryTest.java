package dev.herald.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /notifications: newest last, paged forward and back, filtered by topic, expired ones hidden. */
class HistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Long> ids = new ArrayList<>();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass();

    @BeforeAll
    static void publishSome() throws Exception {
        for (int i = 0; i < 25; i++) {
            String topic = i % 5 == 0 ? ",\"topic\":\"ops\"" : "";
            var res = herald.notify("{\"message\":\"m" + i + "\"" + topic + "}");
            ids.add(JSON.readTree(res.body()).get("id").asLong());
        }
    }

    private static JsonNode get(String path) throws Exception {
        var res = herald.get(path);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static List<String> messages(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("notifications").forEach(n -> out.add(n.get("message").asText()));
        return out;
    }

    @Test
    void defaultIsTheNewestPageNewestLast() throws Exception {
        JsonNode page = get("/notifications?limit=3");
        assertThat(messages(page)).containsExactly("m22", "m23", "m24");
        assertThat(page.get("hasMore").asBoolean()).isTrue();
        assertThat(page.get("count").asInt()).isEqualTo(3);
        assertThat(page.get("latestId").asLong()).isEqualTo(ids.getLast());
        assertThat(page.get("notifications").get(2).get("id").asLong()).isEqualTo(ids.getLast());
    }

    @Test
    void pagingForwardVisitsEverythingOnce() throws Exception {
        List<String> all = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            JsonNode page = get("/notifications?limit=10&after=" + after);
            all.addAll(messages(page));
            more = page.get("hasMore").asBoolean();
            JsonNode list = page.get("notifications");
            after = list.get(list.size() - 1).get("id").asLong();
        }
        assertThat(all).hasSize(25).startsWith("m0").endsWith("m24").doesNotHaveDuplicates();
    }

    @Test
    void pagingBackward() throws Exception {
        JsonNode page = get("/notifications?limit=10&before=" + ids.get(5));
        assertThat(messages(page)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(page.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void topicFilterIncludesBroadcasts() throws Exception {
        JsonNode page = get("/notifications?topic=ops&limit=500");
        // every notification without a topic is a broadcast: all 25 match
        assertThat(messages(page)).hasSize(25);
        JsonNode other = get("/notifications?topic=nobody-else&limit=500");
        assertThat(messages(other)).hasSize(20).doesNotContain("m0", "m5");
    }

    @Test
    void expiredNotificationsAreNotListed() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            h.notify("{\"message\":\"brief\",\"ttl\":1}");
            h.notify("{\"message\":\"lasting\"}");
            assertThat(h.get("/notifications").body()).contains("brief");
            Thread.sleep(1200);
            assertThat(h.get("/notifications").body()).doesNotContain("brief").contains("lasting");
        }
    }
}
