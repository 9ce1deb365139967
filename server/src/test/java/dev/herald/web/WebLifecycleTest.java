package dev.herald.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.SseClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Retract, expiry and receipts in real Chromium against a real server. */
class WebLifecycleTest extends BrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> retract(long id) {
        var res = herald.delete("/notifications/" + id);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res;
    }

    @Test
    void retractedNotificationLeavesTheOpenPageAndIsNotReplayedOnReload() {
        long keep = publish("{\"message\":\"keep me\"}");
        long gone = publish("{\"message\":\"sent by mistake\"}");
        open("/");
        awaitShown(gone, WAIT);
        awaitShown(keep, WAIT);
        retract(gone);
        wait(WAIT).withMessage(() -> "still shown: " + shownIds()).until(d -> !shownIds().contains(gone));
        assertThat(shownIds()).containsExactly(keep);

        long live = publish("{\"message\":\"live one\"}");
        awaitShown(live, WAIT);
        retract(live);
        wait(WAIT).withMessage(() -> "still shown: " + shownIds()).until(d -> !shownIds().contains(live));

        driver().navigate().refresh();
        awaitState("live");
        awaitShown(keep, WAIT);
        assertThat(shownIds()).containsExactly(keep);
    }

    @Test
    void expiredNotificationIsGreyedAtItsExpiryAndGoneAfterReload() {
        open("/");
        long shortLived = publish("{\"message\":\"short\",\"ttl\":2}");
        long lasting = publish("{\"message\":\"lasting\"}");
        awaitShown(lasting, WAIT);
        assertThat(note(shortLived).getDomAttribute("class")).doesNotContain("expired");
        wait(Duration.ofSeconds(6)).until(d -> note(shortLived).getDomAttribute("class").contains("expired"));
        assertThat(note(shortLived).findElement(By.cssSelector(".expired-tag")).getText()).isEqualToIgnoringCase("expired");
        assertThat(note(lasting).getDomAttribute("class")).doesNotContain("expired");
        saveScreenshot("web-expired.png");
        driver().navigate().refresh();
        awaitState("live");
        awaitShown(lasting, WAIT);
        assertThat(shownIds()).containsExactly(lasting);
    }

    @Test
    void thePageReportsDeliveredAndSeenOnce() throws Exception {
        open("/");
        long id = publish("{\"message\":\"did you see me?\"}");
        awaitShown(id, WAIT);
        wait(WAIT).withMessage(() -> "receipts: " + herald.get("/admin/notifications/" + id).body())
                .until(d -> {
                    try {
                        JsonNode r = JSON.readTree(herald.get("/admin/notifications/" + id).body()).get("receipts");
                        return r.get("delivered").asInt() == 1 && r.get("seen").asInt() == 1;
                    } catch (Exception e) {
                        return false;
                    }
                });
        Thread.sleep(2500); // a few more ticks: still counted once
        JsonNode r = JSON.readTree(herald.get("/admin/notifications/" + id).body()).get("receipts");
        assertThat(r.get("delivered").asInt()).isEqualTo(1);
        assertThat(r.get("seen").asInt()).isEqualTo(1);
        assertThat(r.get("recipients").asInt()).isEqualTo(1);
    }

    @Test
    void receiptsWaitingWhenTheStreamEndsGoWithTheNextOneAndARetractedIdLosesNoOther() throws Exception {
        open("/");
        String ended;
        // On a topic the page does not hear, so only the receipts below count.
        try (SseClient before = herald.connect("/events?topic=side")) {
            ended = before.awaitConnection();
        }
        try (SseClient now = herald.connect("/events?topic=side")) {
            String live = now.awaitConnection();
            long kept = publish("{\"message\":\"kept\",\"topic\":\"side\"}");
            long withdrawn = publish("{\"message\":\"withdrawn\",\"topic\":\"side\"}");
            now.messages(2, WAIT);
            retract(withdrawn); // after the page queued it, before its once-a-second send
            wait(WAIT).until(d -> herald.get("/admin/clients").body().contains("\"count\":2")); // the page's and "now"

            // The page's own Receipts class, posting to the real server.
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) driver().executeAsyncScript("""
                    const [ended, live, ids, done] = arguments;
                    import('/receipts.js').then(async m => {
                      const receipts = new m.Receipts();
                      receipts.setConnection(ended);
                      receipts.delivered(ids);
                      receipts.seen(ids);
                      await receipts.flush();
                      await receipts.flush(); // held back for a few seconds: not sent again at once
                      const afterEnded = { held: receipts.holdUntil > Date.now(), waiting: receipts.pending.delivered.size };
                      receipts.setConnection(live);
                      await receipts.flush();
                      done({ afterEnded, waiting: receipts.pending.delivered.size + receipts.pending.seen.size });
                    }, e => done({ error: String(e) }));""", ended, live, List.of(kept, withdrawn));
            assertThat(r).doesNotContainKey("error");
            assertThat((Map<String, Object>) r.get("afterEnded"))
                    .as("the server does not know the stream: keep the ids for the next hello, and wait a little")
                    .containsEntry("held", true).containsEntry("waiting", 2L);
            assertThat(r.get("waiting")).as("sent; the retracted id was refused alone").isEqualTo(0L);
            JsonNode counts = JSON.readTree(herald.get("/admin/notifications/" + kept).body()).get("receipts");
            assertThat(counts.get("delivered").asInt()).isEqualTo(1);
            assertThat(counts.get("seen").asInt()).isEqualTo(1);
        }
    }

    @Test
    void receiptsForAStreamOfAnotherTokenAreKeptForTheNextStream() throws Exception {
        var minted = herald.post("/admin/tokens", "application/json", "{\"user\":\"alice\"}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        String alice = JSON.readTree(minted.body()).get("token").asText();
        open("/"); // an anonymous page: alice's stream is not its own (as right after its token changed)
        try (SseClient theirs = herald.connect("/events?topic=side&token=" + alice)) {
            String connection = theirs.awaitConnection();
            long id = publish("{\"message\":\"for alice\",\"topic\":\"side\",\"user\":\"alice\"}");
            theirs.messages(1, WAIT);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) driver().executeAsyncScript("""
                    const [connection, id, done] = arguments;
                    import('/receipts.js').then(async m => {
                      const receipts = new m.Receipts();
                      receipts.setConnection(connection);
                      receipts.delivered([id]);
                      await receipts.flush();
                      const first = { held: receipts.holdUntil > Date.now(), waiting: receipts.pending.delivered.size };
                      // Half a minute on, still not its stream (no new hello came): the id is given up.
                      receipts.holdUntil = 0;
                      receipts.goneSince -= 31000;
                      await receipts.flush();
                      done({ ...first, later: receipts.pending.delivered.size });
                    }, e => done({ error: String(e) }));""", connection, id);
            assertThat(r).as("403 not_your_connection: held like an ended stream, the id kept")
                    .containsEntry("held", true).containsEntry("waiting", 1L);
            assertThat(r.get("later")).as("dropped after 30 s without a stream of its own").isEqualTo(0L);
            JsonNode counts = JSON.readTree(herald.get("/admin/notifications/" + id).body()).get("receipts");
            assertThat(counts.get("delivered").asInt()).isZero();
        }
    }
}
