package dev.herald.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Retract, expiry and receipts in real Chromium against a real server. */
class WebLifecycleTest extends BrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> retract(long id) {
        var res = dev.herald.support.TestHerald.send(HttpRequest.newBuilder(herald.uri("/notifications/" + id))
                .timeout(Duration.ofSeconds(20)).DELETE().build());
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
}
