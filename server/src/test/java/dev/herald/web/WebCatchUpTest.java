package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.herald.web.Replays.cutTheStream;
import static dev.herald.web.Replays.number;
import static dev.herald.web.Replays.publishMany;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reconnect that replays thousands of missed events: the page catches up in one go (it froze for
 * 14–62 s when each event was inserted, sorted and rendered on its own) and ends up with the newest
 * 200; its desktop alert and unread count say how many were missed.
 */
class WebCatchUpTest extends BrowserTest {
    private static final int MISSED = 6000;

    @ParameterizedTest
    @ValueSource(strings = {"/", "/?transport=direct", "/?transport=leader"})
    void thousandsOfMissedEventsArriveWithoutFreezingThePage(String page) throws Exception {
        herald.close();
        herald = Replays.fastServer(Map.of());
        open(page);
        long before = publish("{\"message\":\"before the cut\"}");
        awaitShown(before, WAIT);
        Replays.watchStalls();

        cutTheStream(herald);
        List<Long> ids = publishMany(herald, MISSED, "Missed");
        long start = System.nanoTime();
        awaitShown(ids.getLast(), WAIT.multipliedBy(4));
        long caughtUpMs = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(300); // a last batch still being rendered would show in the stall watch
        Map<?, ?> stalls = Replays.stalls();
        System.out.printf("%s: caught up in %d ms after the last publish; stalls %s%n", page, caughtUpMs, stalls);

        // Before the fix: 14-17 s for either (the worker's tab never ran its timer at all). After it, on
        // this 2-core machine with a load of 5-11: at most ~0.9 s (rendering and laying out 200 new cards).
        assertThat(number(stalls, "longest")).as("longest main-thread stall, ms; %s", stalls).isLessThan(2000);
        assertThat(number(stalls, "busy")).as("main thread busy in long tasks, ms; %s", stalls).isLessThan(5000);
        List<Long> newest = ids.subList(ids.size() - 200, ids.size()).reversed();
        assertThat(shownIds()).as("the newest 200, newest first, each once").isEqualTo(newest);
        saveScreenshot("web-catch-up" + (page.contains("=") ? "-" + page.substring(page.indexOf('=') + 1) : "") + ".png");
    }

    // Review (eighteenth session): the refill at hello (after the newest id held, one page of 100) landed
    // before the replay and counted as history, so 2,000 missed raised "1900 new notifications" and the
    // title counted 1,900 unread. Whatever path brings them, what is newer than the tab's newest is new.
    @Test
    void theAlertAndTheUnreadCountOfACatchUpCountEveryMissedEvent() throws Exception {
        herald.close();
        herald = Replays.fastServer(Map.of());
        open("/");
        allowDesktopAlerts();
        long before = publish("{\"message\":\"before the cut\"}");
        awaitShown(before, WAIT);
        recordDesktopAlerts();
        // The user is in another application (headless Chromium gives the first tab focus).
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");

        cutTheStream(herald);
        List<Long> ids = publishMany(herald, 2000, "Missed");
        awaitShown(ids.getLast(), WAIT.multipliedBy(2));
        wait(WAIT).withMessage(() -> "title: " + driver().getTitle() + "; alerts: " + alerts())
                .until(d -> "(2000) Herald".equals(d.getTitle()));
        Thread.sleep(1500); // an alert raised late would show here

        List<Map<String, Object>> shown = openAlerts();
        assertThat(shown).as("one alert left on screen; raised: %s", alerts()).singleElement().satisfies(a -> {
            assertThat(a.get("title")).asString().matches("2\\D?000 new notifications");
            assertThat(a.get("body")).isEqualTo("Latest: Missed 1999");
        });
    }

    // Seen in CI (twenty-third session): the refill asked for at hello answered after the replay of 2,000 had
    // gone past its 100 and the list's cap had trimmed them; they came back as new and the title counted
    // "(2100) Herald". Here the tab's history requests are held until the replay is shown.
    @Test
    void aRefillThatAnswersAfterTheReplayWentPastItCountsNothingTwice() throws Exception {
        herald.close();
        herald = Replays.fastServer(Map.of());
        open("/");
        long before = publish("{\"message\":\"before the cut\"}");
        awaitShown(before, WAIT);
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        driver().executeScript("""
                const real = window.fetch;
                const held = new Promise(go => { window.__release = go; });
                window.fetch = (url, o) => String(url).startsWith('/notifications') ? held.then(() => real(url, o)) : real(url, o);""");

        cutTheStream(herald);
        List<Long> ids = publishMany(herald, 2000, "Missed");
        awaitShown(ids.getLast(), WAIT.multipliedBy(2));
        wait(WAIT).until(d -> "(2000) Herald".equals(d.getTitle()));
        driver().executeScript("window.__release()");
        Thread.sleep(2000); // the refill's page lands
        assertThat(driver().getTitle()).as("unread after the refill answered").isEqualTo("(2000) Herald");
    }
}
