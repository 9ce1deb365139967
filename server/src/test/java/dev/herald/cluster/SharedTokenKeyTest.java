package dev.herald.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.auth.SubscriberTokens;
import dev.herald.store.RedisEndpoint;
import dev.herald.support.Closer;
import dev.herald.support.LogCapture;
import dev.herald.support.RedisServerProcess;
import dev.herald.support.SseClient;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster nodes without a configured {@code herald.auth.jwt.secret} agree on one key in Redis, so a
 * subscriber token minted on one node opens a stream on another (each node used to make its own key,
 * and the others answered 401 "bad signature").
 */
class SharedTokenKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "herald:keys";
    @RegisterExtension
    final Closer closer = new Closer();

    private TestHerald node(RedisServerProcess redis, String... more) {
        return closer.add(TestHerald.start(withMore(ClusterTest.redisSettings(redis, STREAM), more)));
    }

    private static Map<String, String> withMore(Map<String, String> settings, String... more) {
        Map<String, String> all = new HashMap<>(settings);
        for (int i = 0; i + 1 < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    private static String mint(TestHerald node) throws Exception {
        HttpResponse<String> minted = node.post("/admin/tokens", "application/json",
                "{\"user\":\"alice\",\"topics\":[\"user.alice\"]}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        return JSON.readTree(minted.body()).get("token").asText();
    }

    private static int open(TestHerald node, String token) {
        return node.get("/notifications?limit=1&token=" + token).statusCode();
    }

    private static RedisClient client(RedisServerProcess redis) {
        return RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2)).pooled(1);
    }

    private String sharedKey(RedisServerProcess redis) {
        try (RedisClient client = client(redis)) {
            return client.get(STREAM + ":jwt-secret");
        }
    }

    @Test
    void aTokenMintedOnOneNodeOpensAStreamOnAnother() throws Exception {
        RedisServerProcess redis = closer.add(RedisServerProcess.start());
        TestHerald a = node(redis);
        TestHerald b = node(redis);

        String fromA = mint(a);
        SseClient onB = closer.add(b.connect("/events?topic=user.alice&token=" + fromA));
        onB.awaitHello();
        assertThat(open(a, mint(b))).isEqualTo(200);
        long id = a.publish("{\"message\":\"for alice\",\"user\":\"alice\"}");
        assertThat(onB.messages(1, Duration.ofSeconds(10)).getFirst().id()).isEqualTo(String.valueOf(id));
        // Each node keeps the agreed key as its own, so a restart signs with it before Redis answers.
        String agreed = sharedKey(redis);
        assertThat(agreed).hasSize(64);
        assertThat(Files.readString(a.dataDir().resolve("jwt-secret")).trim()).isEqualTo(agreed);
        assertThat(Files.readString(b.dataDir().resolve("jwt-secret")).trim()).isEqualTo(agreed);
    }

    @Test
    void aNodeStartedWhileRedisWasAwayTakesTheClusterKeyOnceItAnswersAndKeepsItsOwnTokens() throws Exception {
        RedisServerProcess redis = closer.add(RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always"));
        TestHerald a = node(redis);
        String fromA = mint(a);
        redis.kill();
        TestHerald late = node(redis);
        String fromLate = mint(late); // signed with its own key: Redis is away
        assertThat(open(late, fromA)).isEqualTo(401);

        redis.restart();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(open(late, fromA)).isEqualTo(200));
        assertThat(open(late, fromLate)).as("what it signed before still opens its own streams").isEqualTo(200);
        assertThat(open(a, mint(late))).isEqualTo(200);
    }

    // The node that put its key back warned that the key "changed after this node agreed (now 8cc3444a, this
    // node's 8cc3444a)": someone who can write to this Redis did it, it said, of its own key (tried by hand).
    @Test
    void aFlushedRedisGetsTheSameKeyBackFromTheRunningNodesWithoutAWarning() throws Exception {
        RedisServerProcess redis = closer.add(RedisServerProcess.start());
        TestHerald a = node(redis);
        String agreed = sharedKey(redis);
        try (LogCapture log = LogCapture.on(Logger.getLogger(SharedTokenKey.class.getName()), Level.WARNING);
             RedisClient client = client(redis)) {
            client.flushAll();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sharedKey(redis)).isEqualTo(agreed));
            Thread.sleep(4_000); // a presence beat or more after it is back
            assertThat(log.records()).as("its own key, put back: nothing to warn of").isEmpty();
        }
        TestHerald b = node(redis);
        assertThat(open(b, mint(a))).isEqualTo(200);
    }

    @Test
    void aConfiguredSecretStaysOutOfRedis() throws Exception {
        RedisServerProcess redis = closer.add(RedisServerProcess.start());
        String secret = "a-configured-secret-of-at-least-32-bytes!";
        TestHerald a = node(redis, "herald.auth.jwt.secret", secret);
        TestHerald b = node(redis, "herald.auth.jwt.secret", secret);
        assertThat(open(b, mint(a))).isEqualTo(200);
        assertThat(sharedKey(redis)).isNull();
    }

    // Review: whoever can write to this Redis planted a key of theirs; every node took it, put it back after a
    // delete, and kept it across restarts. Once agreed, a node keeps its key and says so.
    @Test
    void aKeyChangedInRedisAfterTheNodesAgreedIsNotTaken() throws Exception {
        RedisServerProcess redis = closer.add(RedisServerProcess.start());
        TestHerald a = node(redis);
        String agreed = sharedKey(redis);
        String fromA = mint(a);
        byte[] planted = "a-key-someone-with-redis-access-knows".getBytes(StandardCharsets.UTF_8);
        String forged = new SubscriberTokens(planted, Clock.systemUTC())
                .mint("alice", List.of("user.alice"), Duration.ofHours(1)).token();
        try (LogCapture log = LogCapture.on(Logger.getLogger(SharedTokenKey.class.getName()), Level.WARNING);
             RedisClient client = client(redis)) {
            client.set(STREAM + ":jwt-secret", HexFormat.of().formatHex(planted));
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.records().isEmpty());
            assertThat(log.records().getFirst().getMessage()).contains("changed after this node agreed");
        }
        assertThat(open(a, forged)).isEqualTo(401);
        assertThat(open(a, fromA)).isEqualTo(200);
        assertThat(Files.readString(a.dataDir().resolve("jwt-secret")).trim()).isEqualTo(agreed);
    }
}
