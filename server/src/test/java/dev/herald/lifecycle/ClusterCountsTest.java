package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Hub;
import dev.herald.store.EventLog;
import dev.herald.store.MemoryEventLog;
import dev.herald.store.RedisEndpoint;
import dev.herald.support.Closer;
import dev.herald.support.RedisExtension;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.RedisClient;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.herald.lifecycle.ScheduledSendTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one real redis-server, each with its own subscribers: an operator on either node sees
 * the cluster's totals (recipients, deliveries, pages' receipts, who saw it), not one node's share.
 */
class ClusterCountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    @RegisterExtension
    final Closer closer = new Closer();
    private final String stream = "herald:test:" + UUID.randomUUID();

    private TestHerald node() {
        return closer.add(TestHerald.start(redis.process().nodeSettings(stream,
                "herald.auth.jwt.secret", "a-secret-shared-by-every-node-of-the-test")));
    }

    private List<SseClient> listeners(TestHerald node, int n, String query) {
        List<SseClient> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SseClient c = closer.add(node.connect("/events?topic=ops" + query));
            c.awaitHello();
            out.add(c);
        }
        return out;
    }

    private static JsonNode row(TestHerald node, long id) throws Exception {
        for (JsonNode n : json(node.get("/admin/notifications")).get("notifications")) {
            if (n.get("id").asLong() == id) {
                return n;
            }
        }
        throw new AssertionError("notification " + id + " not in the history");
    }

    @Test
    void everyNodeShowsTheClustersDeliveriesAndReceipts() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        String alice = json(b.post("/admin/tokens", "application/json", "{\"user\":\"alice\"}")).get("token").asText();
        listeners(a, 2, "");
        SseClient page = closer.add(b.connect("/events?topic=ops&token=" + alice));
        String connection = page.awaitConnection();
        List<SseClient> onB = new ArrayList<>(listeners(b, 2, "&token=" + alice));
        onB.add(page);
        SseClient statsOnA = closer.add(a.connect("/admin/stats/stream"));

        var published = a.notify("{\"message\":\"to the whole cluster\",\"topic\":\"ops\"}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        assertThat(json(published).get("recipients").asInt()).as("the answer counts the node that took it").isEqualTo(2);
        long id = json(published).get("id").asLong();
        for (SseClient c : onB) {
            c.messages(1, Duration.ofSeconds(10));
        }

        // A page on B says it was seen: B takes it (it holds the connection); A's operator sees it too.
        HttpResponse<String> seen = b.post("/receipts?token=" + alice, "application/json",
                "{\"connection\":\"" + connection + "\",\"seen\":[" + id + "]}");
        assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);

        for (TestHerald node : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode r = row(node, id);
                assertThat(r.get("recipients").asInt()).isEqualTo(5);
                assertThat(r.get("delivered").asInt()).isEqualTo(5);
                assertThat(r.get("pagesDelivered").asInt()).isEqualTo(1);
                assertThat(r.get("seen").asInt()).isEqualTo(1);
            });
        }
        JsonNode detail = json(a.get("/admin/notifications/" + id)).get("receipts");
        assertThat(detail.get("recipients").asInt()).isEqualTo(5);
        assertThat(detail.get("seen").asInt()).isEqualTo(1);
        assertThat(detail.get("users")).extracting(u -> u.get("user").asText()).containsExactly("alice");
        assertThat(detail.get("users").get(0).get("seen").isTextual()).isTrue();

        // The live feed on A tells its operator about B's receipt.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline && (last == null || last.get("seen").asInt() < 1)) {
            SseEvent e = statsOnA.next(Duration.ofSeconds(2));
            if (e != null && "receipt".equals(e.event()) && JSON.readTree(e.data()).get("id").asLong() == id) {
                last = JSON.readTree(e.data());
            }
        }
        assertThat(last).as("a receipt event on A for B's page").isNotNull();
        assertThat(last.get("seen").asInt()).isEqualTo(1);
        assertThat(last.get("recipients").asInt()).isEqualTo(5);
    }

    @Test
    void aPagesReceiptsReachTheNodeThatHoldsItsStreamThroughAnyNode() throws Exception {
        TestHerald a = node();
        TestHerald b = node();
        String alice = json(a.post("/admin/tokens", "application/json", "{\"user\":\"alice\"}")).get("token").asText();
        String bob = json(a.post("/admin/tokens", "application/json", "{\"user\":\"bob\"}")).get("token").asText();
        SseClient page = closer.add(b.connect("/events?topic=ops&token=" + alice));
        String connection = page.awaitConnection();
        long id = a.publish("{\"message\":\"hi\",\"topic\":\"ops\"}");
        page.messages(1, Duration.ofSeconds(10));

        // No sticky sessions: the page's receipts land on A, which does not hold its stream.
        HttpResponse<String> forged = a.post("/receipts?token=" + bob, "application/json",
                "{\"connection\":\"" + connection + "\",\"seen\":[" + id + "]}");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(202);
        HttpResponse<String> passedOn = a.post("/receipts?token=" + alice, "application/json",
                "{\"connection\":\"" + connection + "\",\"delivered\":[" + id + "]}");
        assertThat(passedOn.statusCode()).as(passedOn.body()).isEqualTo(202);
        assertThat(json(passedOn).get("forwarded").asText()).isEqualTo(connection.substring(0, connection.indexOf('-')));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode r = row(a, id);
            assertThat(r.get("pagesDelivered").asInt()).isEqualTo(1);
        });
        Thread.sleep(2_500); // B has taken (and dropped) bob's forged batch by now, and written its counts
        JsonNode r = row(a, id);
        assertThat(r.get("seen").asInt()).as("bob's receipt for alice's stream is checked by B and dropped").isZero();
        JsonNode users = json(b.get("/admin/notifications/" + id)).get("receipts").get("users");
        assertThat(users).extracting(u -> u.get("user").asText()).containsExactly("alice");

        // A node that is not in the cluster gets nothing parked in Redis for it; bad input is still a 400 here.
        HttpResponse<String> nowhere = a.post("/receipts", "application/json",
                "{\"connection\":\"zzzzzzzz-1-aaaaaaaa\",\"seen\":[1]}");
        assertThat(nowhere.statusCode()).as(nowhere.body()).isEqualTo(404);
        assertThat(json(nowhere).get("error").asText()).isEqualTo("unknown_connection");
        // A node still listed but whose report lapsed (a pause): the page is told to retry, not to give up.
        HttpResponse<String> quiet = null;
        try (RedisClient client = RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2)).pooled(1)) {
            // A presence reader drops such an entry when it looks (once a second): listed again before each try.
            for (int tries = 0; tries < 5 && (quiet == null || quiet.statusCode() != 503); tries++) {
                client.zadd(stream + ":nodes", System.currentTimeMillis(), "qqqqqqqq");
                quiet = a.post("/receipts", "application/json", "{\"connection\":\"qqqqqqqq-1-aaaaaaaa\",\"seen\":[1]}");
            }
        }
        assertThat(quiet.statusCode()).as(quiet.body()).isEqualTo(503);
        assertThat(json(quiet).get("error").asText()).isEqualTo("node_unavailable");
        assertThat(a.post("/receipts", "application/json", "{\"connection\":\"" + connection + "\",\"seen\":[0]}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void unknownSharesAndForgottenOnesStillAddUp() {
        try (OneNode node = new OneNode(2)) {
            RedisClient client = node.client;
            ReceiptLedger receipts = node.receipts;
            ClusterCounts counts = node.counts;
            // Another node that knows only the pages' receipts of #1 (it never fanned it out).
            client.hset(stream + ":counts:1", "zzzzzzzz:d", "-1,-1");
            client.hset(stream + ":counts:1", "zzzzzzzz:p", "2,1");
            NotificationCounts.Counts one = counts.of(1);
            assertThat(one.recipients()).isNull();
            assertThat(one.delivered()).isNull();
            assertThat(one.pagesDelivered()).isEqualTo(2);
            assertThat(one.seen()).isEqualTo(1);

            // This node's own receipts for #5, written, then forgotten here (a ledger of 2).
            java.time.Instant now = java.time.Instant.now();
            dev.herald.hub.Reported c1 = new dev.herald.hub.Reported();
            receipts.delivered(5, c1, null, now);
            counts.flush();
            receipts.delivered(6, c1, null, now);
            receipts.delivered(7, c1, null, now);
            assertThat(receipts.sizes(5)).as("forgotten here").isNull();
            counts.flush(); // must not write "unknown" over what it knew
            NotificationCounts.Counts five = counts.of(5);
            assertThat(five.pagesDelivered()).as("its own share, from what it wrote").isEqualTo(1);
            assertThat(counts.of(999).pagesDelivered()).as("no node knows it").isNull();
        }
    }

    @Test
    void whoSawItNamesTheFirstHundredOfAllNodesInNameOrder() {
        try (OneNode node = new OneNode(10)) {
            ReceiptLedger receipts = node.receipts;
            ClusterCounts counts = node.counts;
            java.time.Instant now = java.time.Instant.parse("2026-11-27T10:00:00Z");
            for (int i = 0; i < 60; i++) { // this node's pages: m00..m59
                receipts.delivered(9, new dev.herald.hub.Reported(), String.format("m%02d", i), now);
            }
            // Another node's list: a00..a59, and m00 earlier than here.
            StringBuilder other = new StringBuilder("[{\"user\":\"m00\",\"delivered\":\"2026-11-27T09:00:00Z\"}");
            for (int i = 0; i < 60; i++) {
                other.append(",{\"user\":\"a").append(String.format("%02d", i))
                        .append("\",\"delivered\":\"2026-11-27T09:30:00Z\"}");
            }
            node.client.hset(stream + ":counts:9:users", "zzzzzzzz", other.append(']').toString());

            List<ReceiptLedger.UserReceipt> users = counts.withUsers(9).users();
            assertThat(users).hasSize(ReceiptLedger.MAX_USERS);
            assertThat(users).extracting(ReceiptLedger.UserReceipt::user).isSorted()
                    .startsWith("a00").endsWith("m39").doesNotHaveDuplicates();
            assertThat(users.get(60).delivered()).as("m00: the earlier of the two nodes")
                    .isEqualTo(java.time.Instant.parse("2026-11-27T09:00:00Z"));
        }
    }

    /** This node's counts on the test's stream, without a server: a hub, a ledger of {@code kept}, Redis. */
    private final class OneNode implements AutoCloseable {
        final RedisClient client = RedisEndpoint.parse(redis.url(), Duration.ofSeconds(2)).pooled(4);
        final Hub hub = new Hub(new MemoryEventLog(new EventLog.Retention(1000, null)), 4, Clock.systemUTC());
        final ReceiptLedger receipts;
        final ClusterCounts counts;

        OneNode(int kept) {
            receipts = new ReceiptLedger(kept);
            counts = new ClusterCounts(hub, receipts, client, stream);
        }

        @Override
        public void close() {
            counts.close();
            hub.close();
            client.close();
        }
    }
}
