package dev.herald.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.hub.Hub;
import dev.herald.store.EventDraft;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A history page's latestId never runs ahead of the page while publishes land: the web client drops a
 * notification it holds that the newest page lacks at or below latestId (taken as withdrawn), so a
 * latestId read after the page made a notification published in between vanish from browsers (seen
 * as a flaky leader-takeover test in Chromium, WebReconnectTest).
 */
class HistoryLatestIdTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyIdUpToLatestIdIsInTheNewestPageWhilePublishesLand() throws Exception {
        try (TestHerald herald = TestHerald.start(Map.of("herald.store", "memory"))) {
            Hub hub = herald.server().hub();
            AtomicBoolean stop = new AtomicBoolean();
            Thread publisher = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    hub.publish(new EventDraft(Instant.now(), List.of("all"), List.of(), null, "{\"message\":\"x\"}"));
                }
            });
            int pages = 0;
            try {
                for (; pages < 500; pages++) {
                    var res = herald.get("/notifications?limit=20");
                    assertThat(res.statusCode()).isEqualTo(200);
                    JsonNode page = JSON.readTree(res.body());
                    JsonNode list = page.get("notifications");
                    long newestListed = list.isEmpty() ? 0 : list.get(list.size() - 1).get("id").asLong();
                    assertThat(page.get("latestId").asLong()).as("page %d: %s", pages, res.body())
                            .isLessThanOrEqualTo(newestListed);
                }
            } finally {
                stop.set(true);
                publisher.join();
            }
            assertThat(hub.log().latestId()).as("publishes landed during the pages").isGreaterThan(pages);
        }
    }
}
