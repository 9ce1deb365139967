package dev.herald.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.herald.support.ApiErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/notifications?topic=} filters as {@code GET /notifications?topic=} does (the topic and
 * broadcasts), with what only operators see: every user's, and expired ones. It ignored {@code topic=} and
 * answered every topic, which read as "these are the ops notifications" (an integrator's pass).
 */
class AdminHistoryTopicTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass(); // SQLite: its prefilter and audience index

    @Test
    void aTopicListsThatTopicAndBroadcastsForEveryUserExpiredToo() throws Exception {
        long ops = herald.publish("{\"message\":\"ops\",\"topic\":\"ops\"}");
        long forAlice = herald.publish("{\"message\":\"ops for alice\",\"topic\":\"ops\",\"user\":\"alice\"}");
        long expiring = herald.publish("{\"message\":\"ops, brief\",\"topic\":\"ops\",\"ttl\":1}");
        long broadcast = herald.publish("{\"message\":\"everyone\"}");
        herald.publish("{\"message\":\"deploys\",\"topic\":\"deploys\"}");
        long both = herald.publish("{\"message\":\"both\",\"topics\":[\"deploys\",\"ops\"]}");
        Thread.sleep(1_100); // the ttl of 1 s passes: operators still list it

        assertThat(ids("/admin/notifications?topic=ops")).containsExactly(ops, forAlice, expiring, broadcast, both);
        assertThat(ids("/admin/notifications?topic=ops&limit=2")).containsExactly(broadcast, both);
        assertThat(ids("/admin/notifications?topic=ops&before=" + broadcast)).containsExactly(ops, forAlice, expiring);
        assertThat(ids("/admin/notifications?topic=nothing-here")).containsExactly(broadcast);
        assertThat(ids("/admin/notifications")).hasSize(6);
    }

    @Test
    void aBadTopicOrANearMissIsRefused() throws Exception {
        assertRefused(herald.get("/admin/notifications?topic=bad%20topic"), 400, "invalid_topic");
        assertRefused(herald.get("/admin/notifications?topics=ops"), 400, "invalid_query");
    }

    private static List<Long> ids(String path) throws Exception {
        HttpResponse<String> res = herald.get(path);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        JSON.readTree(res.body()).get("notifications").forEach((JsonNode n) -> ids.add(n.get("id").asLong()));
        return ids;
    }
}
