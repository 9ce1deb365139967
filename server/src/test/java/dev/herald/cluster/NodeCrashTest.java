package dev.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.support.Closer;
import dev.herald.support.ForkedMain;
import dev.herald.support.RedisServerProcess;
import dev.herald.support.SseClient;
import dev.herald.support.TempDirs;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.herald.cluster.ClusterTest.JSON;
import static dev.herald.cluster.ClusterTest.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that dies without a word (SIGKILL of a separate JVM running Main, default presence
 * timing) drops out of the cluster counts by itself within ~15 s, and the rest carries on.
 */
class NodeCrashTest {
    @RegisterExtension
    final Closer closer = new Closer();
    private Process forked;
    private Path forkedDir;

    @AfterEach
    void killForked() {
        if (forked != null) {
            forked.destroyForcibly();
        }
    }

    @Test
    void aKilledNodesCountsDisappearAndTheOthersGoOn() throws Exception {
        RedisServerProcess redis = RedisServerProcess.start();
        closer.add(redis);
        String stream = "herald:crash";
        TestHerald a = TestHerald.start(redis.nodeSettings(stream));
        closer.add(a);
        int port = ForkedMain.freePort();
        forked = startMain(redis, stream, port);
        URI base = URI.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> TestHerald.send(
                HttpRequest.newBuilder(base.resolve("/observe/health")).build()).statusCode() == 200);

        for (int i = 0; i < 3; i++) {
            SseClient c = SseClient.open(base.resolve("/events?topic=ops"), Map.of());
            closer.add(c);
            c.awaitHello();
        }
        SseClient onA = a.connect("/events?topic=ops");
        closer.add(onA);
        onA.awaitHello();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode totals = JSON.readTree(a.get("/cluster").body()).get("totals");
            assertThat(totals.get("nodes").asInt()).isEqualTo(2);
            assertThat(totals.get("connections").asInt()).isEqualTo(4);
            assertThat(totals.get("topics").get("ops").asInt()).isEqualTo(4);
        });

        long killedAt = System.nanoTime();
        forked.destroyForcibly().waitFor();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode totals = JSON.readTree(a.get("/cluster").body()).get("totals");
            assertThat(totals.get("nodes").asInt()).isEqualTo(1);
            assertThat(totals.get("connections").asInt()).isEqualTo(1);
        });
        System.out.println("NodeCrashTest: killed node left the counts after "
                + Duration.ofNanos(System.nanoTime() - killedAt).toMillis() + " ms");

        long id = publish(a, "still here", "ops");
        assertThat(onA.messages(1, Duration.ofSeconds(10)).getFirst().id()).isEqualTo(String.valueOf(id));
        TempDirs.delete(forkedDir); // only when it passed: the node's log is there
    }

    // The same Main as production, in its own JVM, so that it can really be killed.
    private Process startMain(RedisServerProcess redis, String stream, int port) throws Exception {
        Path dir = TempDirs.create("herald-node");
        forkedDir = dir;
        ProcessBuilder pb = ForkedMain.builder(dir, port);
        pb.environment().put("HERALD_STORE", "redis");
        pb.environment().put("HERALD_REDIS_URL", redis.url());
        pb.environment().put("HERALD_REDIS_STREAM", stream);
        System.out.println("NodeCrashTest: forked node log at " + dir.resolve("herald.log"));
        return pb.start();
    }
}
