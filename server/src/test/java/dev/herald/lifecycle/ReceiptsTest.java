package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import dev.herald.support.SseEvent;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.herald.lifecycle.ScheduledSendTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /receipts: counted once per connection, checked per id, shown to operators and on the stats feed. */
class ReceiptsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHerald herald = TestHerald.perClass();

    private static HttpResponse<String> receipts(String connection, String delivered, String seen) {
        return herald.post("/receipts", "application/json",
                "{\"connection\":\"" + connection + "\",\"delivered\":" + delivered + ",\"seen\":" + seen + "}");
    }

    @Test
    void aSeenIdNotReportedDeliveredIsAnsweredAsDeliveredToo() throws Exception {
        try (SseClient page = herald.connect("/events?topic=seen-only")) {
            String c = page.awaitConnection();
            long id = herald.publish("{\"message\":\"glance\",\"topic\":\"seen-only\"}");
            page.messages(1, Duration.ofSeconds(10));

            var first = receipts(c, "[]", "[" + id + "]");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            JsonNode counted = json(herald.get("/admin/notifications/" + id)).get("receipts");
            assertThat(counted.get("delivered").asInt()).as("seen implies delivered").isEqualTo(1);
            assertThat(json(first).get("delivered").asInt()).as("the answer says what was counted: " + first.body())
                    .isEqualTo(counted.get("delivered").asInt());
            assertThat(json(first).get("seen").asInt()).isEqualTo(1);
            assertThat(json(first).get("duplicates").asInt()).isZero();

            JsonNode again = json(receipts(c, "[" + id + "]", "[" + id + "]"));
            assertThat(again.get("delivered").asInt()).isZero();
            assertThat(again.get("seen").asInt()).isZero();
            assertThat(again.get("duplicates").asInt()).isEqualTo(2);
        }
    }

    @Test
    void countedOncePerConnectionAndStreamedToOperators() throws Exception {
        try (SseClient a = herald.connect("/events?topic=team"); SseClient b = herald.connect("/events?topic=team");
             SseClient admin = herald.connect("/admin/stats/stream")) {
            String ca = a.awaitConnection();
            String cb = b.awaitConnection();
            long id = herald.publish("{\"message\":\"hi\",\"topic\":\"team\"}");
            a.messages(1, Duration.ofSeconds(10));
            b.messages(1, Duration.ofSeconds(10));

            var first = receipts(ca, "[" + id + "]", "[" + id + "]");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(json(first).get("delivered").asInt()).isEqualTo(1);
            assertThat(json(first).get("seen").asInt()).isEqualTo(1);
            var again = receipts(ca, "[" + id + "]", "[" + id + "]");
            assertThat(json(again).get("duplicates").asInt()).isEqualTo(2);
            assertThat(receipts(cb, "[" + id + "]", "[]").statusCode()).isEqualTo(200);

            JsonNode detail = json(herald.get("/admin/notifications/" + id)).get("receipts");
            assertThat(detail.get("recipients").asInt()).isEqualTo(2);
            assertThat(detail.get("delivered").asInt()).isEqualTo(2);
            assertThat(detail.get("seen").asInt()).isEqualTo(1);
            JsonNode row = json(herald.get("/admin/notifications")).get("notifications").get(0);
            assertThat(row.get("seen").asInt()).isEqualTo(1);
            assertThat(row.get("pagesDelivered").asInt()).isEqualTo(2);

            SseEvent receipt = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                SseEvent e = admin.next(Duration.ofSeconds(2));
                if (e != null && "receipt".equals(e.event())) {
                    receipt = e;
                    break;
                }
            }
            assertThat(receipt).as("receipt event on the stats feed").isNotNull();
            JsonNode counts = JSON.readTree(receipt.data());
            assertThat(counts.get("id").asLong()).isEqualTo(id);
            assertThat(counts.get("delivered").asInt()).isEqualTo(2);
            assertThat(counts.get("seen").asInt()).isEqualTo(1);
        }
    }

    @Test
    void countsNotSavedAreUnknownAfterARestartNotZero() throws Exception {
        try (TestHerald h = TestHerald.start()) {
            long id = h.publish("{\"message\":\"before the restart\"}");
            JsonNode before = json(h.get("/admin/notifications")).get("notifications").get(0);
            assertThat(before.get("pagesDelivered").asInt()).isZero(); // known: no page reported it yet
            // As after an upgrade from a build without counts.db: the new process knows none of them.
            h.restart(() -> {
                for (String f : new String[] {"counts.db", "counts.db-wal", "counts.db-shm"}) {
                    h.dataDir().resolve(f).toFile().delete();
                }
            });
            JsonNode row = json(h.get("/admin/notifications")).get("notifications").get(0);
            assertThat(row.get("id").asLong()).isEqualTo(id);
            for (String count : new String[] {"recipients", "delivered", "pagesDelivered", "seen"}) {
                assertThat(row.get(count).isNull()).as(count + " in " + row).isTrue();
            }
        }
    }

    @Test
    void aBatchOfOnlyBogusIdsIs404AndOfOnlyIdsNotMeantForTheConnection403() throws Exception {
        try (SseClient a = herald.connect("/events?topic=alpha")) {
            String ca = a.awaitConnection();
            long mine = herald.publish("{\"message\":\"mine\",\"topic\":\"alpha\"}");
            long other = herald.publish("{\"message\":\"other\",\"topic\":\"beta\"}");
            long private_ = herald.publish("{\"message\":\"for bob\",\"topic\":\"alpha\",\"user\":\"bob\"}");
            a.messages(1, Duration.ofSeconds(10));

            var bogus = receipts(ca, "[999999]", "[]");
            assertThat(bogus.statusCode()).isEqualTo(404);
            assertThat(json(bogus).get("error").asText()).isEqualTo("unknown_notification");
            var notMine = receipts(ca, "[" + other + "]", "[" + private_ + "]");
            assertThat(notMine.statusCode()).isEqualTo(403);
            assertThat(json(notMine).get("error").asText()).isEqualTo("not_received");
            assertThat(receipts(ca, "[" + private_ + "]", "[]").statusCode()).isEqualTo(403);
            // Nothing of a refused batch counted.
            assertThat(json(herald.get("/admin/notifications/" + other)).get("receipts").get("delivered").asInt()).isZero();
            assertThat(receipts("n0-nope", "[" + mine + "]", "[]").statusCode()).isEqualTo(404);
            assertThat(herald.post("/receipts", "application/json", "{\"connection\":1}").statusCode()).isEqualTo(400);
            assertThat(herald.post("/receipts", "application/json",
                    "{\"connection\":\"" + ca + "\",\"delivered\":[\"x\"]}").statusCode()).isEqualTo(400);
            assertThat(herald.get("/admin/notifications/999999").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theIdsThatPassCountAndTheOthersAreListedAsRefused() throws Exception {
        try (SseClient a = herald.connect("/events?topic=gamma")) {
            String ca = a.awaitConnection();
            long kept = herald.publish("{\"message\":\"kept\",\"topic\":\"gamma\"}");
            long withdrawn = herald.publish("{\"message\":\"withdrawn\",\"topic\":\"gamma\"}");
            long elsewhere = herald.publish("{\"message\":\"elsewhere\",\"topic\":\"delta\"}");
            a.messages(2, Duration.ofSeconds(10));
            // Retracted while the page's batch waited for its once-a-second send.
            assertThat(herald.delete("/notifications/" + withdrawn).statusCode()).isEqualTo(200);

            var res = receipts(ca, "[" + kept + "," + withdrawn + "," + elsewhere + "]", "[" + kept + "," + withdrawn + "]");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            JsonNode body = json(res);
            assertThat(body.get("delivered").asInt()).isEqualTo(1);
            assertThat(body.get("seen").asInt()).isEqualTo(1);
            assertThat(body.get("duplicates").asInt()).isZero();
            assertThat(body.get("refused").toString()).isEqualTo("[{\"id\":" + withdrawn + ",\"error\":\"unknown_notification\"},"
                    + "{\"id\":" + elsewhere + ",\"error\":\"not_received\"}]");
            JsonNode counted = json(herald.get("/admin/notifications/" + kept)).get("receipts");
            assertThat(counted.get("delivered").asInt()).isEqualTo(1);
            assertThat(counted.get("seen").asInt()).isEqualTo(1);
            assertThat(json(herald.get("/admin/notifications/" + elsewhere)).get("receipts").get("delivered").asInt()).isZero();
            // The same batch again: the good id is a duplicate now, the others still refused.
            JsonNode again = json(receipts(ca, "[" + kept + "," + elsewhere + "]", "[]"));
            assertThat(again.get("duplicates").asInt()).isEqualTo(1);
            assertThat(again.get("refused")).hasSize(1);
        }
    }

    private static String token(String user) throws Exception {
        var res = herald.post("/admin/tokens", "application/json", "{\"user\":\"" + user + "\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return json(res).get("token").asText();
    }

    private static HttpResponse<String> receiptsAs(String token, String connection, long id) {
        return herald.post("/receipts?token=" + token, "application/json",
                "{\"connection\":\"" + connection + "\",\"delivered\":[" + id + "],\"seen\":[" + id + "]}");
    }

    @Test
    void signedInUsersAreNamedAndMayOnlyReportForTheirOwnConnection() throws Exception {
        String alice = token("alice");
        String mallory = token("mallory");
        try (SseClient a = herald.connect("/events?topic=crew&token=" + alice)) {
            String ca = a.awaitConnection();
            long forAlice = herald.publish("{\"message\":\"hi alice\",\"topic\":\"crew\",\"user\":\"alice\"}");
            long forBob = herald.publish("{\"message\":\"hi bob\",\"topic\":\"crew\",\"user\":\"bob\"}");
            a.messages(1, Duration.ofSeconds(10));
            assertThat(receiptsAs(mallory, ca, forAlice).statusCode()).as("someone else's connection").isEqualTo(403);
            assertThat(herald.post("/receipts", "application/json", "{\"connection\":\"" + ca
                    + "\",\"seen\":[" + forAlice + "]}").statusCode()).as("anonymous").isEqualTo(403);
            assertThat(receiptsAs(alice, ca, forBob).statusCode()).as("never sent to alice").isEqualTo(403);
            assertThat(receiptsAs(alice, ca, forAlice).statusCode()).isEqualTo(200);
            JsonNode users = json(herald.get("/admin/notifications/" + forAlice)).get("receipts").get("users");
            assertThat(users).hasSize(1);
            assertThat(users.get(0).get("user").asText()).isEqualTo("alice");
            assertThat(users.get(0).get("seen").isNull()).isFalse();
        }
    }
}
