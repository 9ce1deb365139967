package dev.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.store.EventLog;
import dev.herald.support.Closer;
import dev.herald.support.RedisServerProcess;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.herald.cluster.ClusterTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full Redis (maxmemory with noeviction) refuses every write, not only publishes. Health turned DOWN only at
 * the first refused append: a node that only scheduled, or only wrote its presence report, stayed UP. Any write
 * Redis refuses for memory now turns it DOWN with Redis's answer, and it comes back UP once Redis has room.
 */
class FullRedisHealthTest {
    @RegisterExtension
    final Closer closer = new Closer();

    private RedisServerProcess fullable() {
        return closer.add(RedisServerProcess.start("--maxmemory", "3mb", "--maxmemory-policy", "noeviction"));
    }

    @Test
    void aRefusedSchedulingTurnsHealthDownLikeARefusedPublish() throws Exception {
        RedisServerProcess redis = fullable();
        // Presence writes once at start and then not for an hour: only the scheduling can tell.
        TestHerald node = closer.add(TestHerald.start(redis.nodeSettings("herald:full-schedule",
                "herald.redis.presence.interval", "1h", "herald.redis.presence.ttl", "2h")));
        assertThat(node.get("/observe/health").statusCode()).isEqualTo(200);
        redis.fillMemory();

        HttpResponse<String> refused = node.notify("{\"message\":\"later\",\"delay\":\"1h\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.get("error").asText()).isEqualTo("store_unavailable");
        assertThat(error.get("detail").asText()).contains("OOM").startsWith("the store cannot save this right now")
                .as("which Lua script Redis ran is no operator's business").doesNotContain("user_script");
        EventLog.Health down = node.server().log().health();
        assertThat(down.up()).as(down.detail()).isFalse();
        assertThat(down.detail()).contains("OOM command not allowed", "noeviction");
        assertThat(node.get("/observe/health").statusCode()).isEqualTo(503);

        redis.freeMemory();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.server().log().health().up());
        assertThat(node.notify("{\"message\":\"later\",\"delay\":\"1h\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void aRefusedPresenceReportTurnsHealthDownWithoutAnyPublish() {
        RedisServerProcess redis = fullable();
        TestHerald node = closer.add(TestHerald.start(redis.nodeSettings("herald:full-presence",
                "herald.redis.presence.interval", "200ms", "herald.redis.presence.ttl", "2s")));
        assertThat(node.server().log().health().up()).isTrue();
        redis.fillMemory();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            EventLog.Health h = node.server().log().health();
            assertThat(h.up()).as("DOWN within a few presence beats").isFalse();
            assertThat(h.detail()).contains("OOM command not allowed");
        });
        redis.freeMemory();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.server().log().health().up());
    }
}
