package dev.herald.web;

import dev.herald.support.TestHerald;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Losing the server or the tab that holds the connection: nothing missed, nothing twice. */
class WebReconnectTest extends BrowserTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Records every state the indicator shows from now on, in window.__states. */
    private static void recordStates() {
        driver().executeScript("""
                const box = document.getElementById('status');
                window.__states = [box.dataset.state];
                new MutationObserver(() => window.__states.push(box.dataset.state + ' | ' +
                    box.querySelector('.status-text').textContent))
                  .observe(box, { attributes: true, subtree: true, childList: true, characterData: true });""");
        recordSaid();
    }

    @SuppressWarnings("unchecked")
    private static List<String> states() {
        return (List<String>) driver().executeScript("return window.__states");
    }

    // A laptop that slept long enough for the server to give up on its stream: the connection is dead
    // but nothing tells the browser (it only reads). The page said "Live" and received nothing until
    // it was reloaded. Sleep is faked in the page's clock (direct transport: its stream lives in the page).
    @Test
    void aStreamOpenAcrossASleepIsOpenedAgainAndBringsWhatWasMissed() throws Exception {
        try (FreezingProxy proxy = new FreezingProxy(herald.port())) {
            driver().get("http://127.0.0.1:" + proxy.port() + "/?transport=direct");
            awaitState("live");
            long before = publish("{\"message\":\"before the sleep\"}");
            awaitShown(before, WAIT);

            proxy.freeze(); // the server dropped the sleeping laptop's stream; the browser was not told
            long missed = publish("{\"title\":\"Outage\",\"message\":\"sent while the laptop slept\",\"level\":\"error\"}");
            Thread.sleep(1500);
            assertThat(shownIds()).as("the stream is dead").doesNotContain(missed);

            // The laptop wakes: its clock has moved on by ten minutes since the page's timers last ran.
            driver().executeScript("const now = Date.now; Date.now = () => now() + 600000;");
            awaitShown(missed, Duration.ofSeconds(15));
            awaitState("live");
            assertThat(shownIds()).containsExactly(missed, before);
        }
    }

    // A connection a network forgot while the machine was awake (a Wi-Fi switch, NAT, a VPN): nothing
    // closes it and the browser hears nothing. The page said "Live" forever (a tester's find). Its
    // heartbeats are events now, and a stream silent for twice the interval plus 5 s is opened again.
    @ParameterizedTest
    @ValueSource(strings = {"", "?transport=direct"})
    void aStreamSilentForTwoHeartbeatsIsOpenedAgainAndBringsWhatWasMissed(String transport) throws Exception {
        herald.close();
        herald = TestHerald.start(Map.of("herald.events.heartbeat", "1s"));
        try (FreezingProxy proxy = new FreezingProxy(herald.port())) {
            driver().get("http://127.0.0.1:" + proxy.port() + "/" + transport);
            awaitState("live");
            long before = publish("{\"message\":\"before the network forgot\"}");
            awaitShown(before, WAIT);

            proxy.freeze();
            long missed = publish("{\"title\":\"Outage\",\"message\":\"sent while the stream was dead\",\"level\":\"error\"}");
            Thread.sleep(1500);
            assertThat(shownIds()).as("the stream is dead").doesNotContain(missed);
            awaitShown(missed, Duration.ofSeconds(20)); // 2 x 1 s + 5 s of silence, checked every 5 s
            awaitState("live");
            assertThat(shownIds()).containsExactly(missed, before);
        }
    }

    @Test
    void serverRestartShowsReconnectingThenLiveAndDeliversTheOutageOnce() {
        open("/");
        String second = openTab("/");
        long before = publish("{\"message\":\"before the restart\"}");
        awaitShown(before, WAIT);
        recordStates();

        herald.restart();
        // The page has lost its stream and waits for its next try: these arrive "during the outage".
        long during1 = publish("{\"title\":\"Outage\",\"message\":\"sent while disconnected #1\",\"level\":\"error\"}");
        long during2 = publish("{\"message\":\"sent while disconnected #2\"}");

        awaitState("live");
        awaitShown(during2, WAIT);
        List<String> seen = states();
        int reconnecting = indexOf(seen, "reconnecting");
        assertThat(reconnecting).as("states %s", seen).isGreaterThan(0);
        assertThat(seen.subList(reconnecting, seen.size())).as("states %s", seen)
                .anyMatch(s -> s.startsWith("live"));
        assertThat(seen).as("a countdown to the next try").anyMatch(s -> s.matches("reconnecting \\| Reconnecting in \\d+ s"));
        assertThat(shownIds()).containsExactly(during2, during1, before);
        assertThat(said()).as("screen reader announcements").containsSubsequence(
                "Connection lost, reconnecting", "Connected, live");

        to().window(second);
        awaitShown(during2, WAIT);
        assertThat(shownIds()).containsExactly(during2, during1, before);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(connected(herald)).isEqualTo(1));
    }

    @Test
    void aServerThatLostItsLogResetsThePageAndNewIdsStillArrive() {
        herald.close();
        herald = TestHerald.start(Map.of("herald.store", "memory"));
        open("/");
        long a = publish("{\"message\":\"old 1\"}");
        publish("{\"message\":\"old 2\"}");
        long c = publish("{\"message\":\"old 3\"}");
        awaitShown(c, WAIT);

        herald.restart(); // memory store: ids start again at 1, below what the page has seen
        long fresh = publish("{\"message\":\"after the wipe\"}");
        assertThat(fresh).isLessThanOrEqualTo(a);
        wait(WAIT).until(d -> d.findElement(By.id("gap")).isDisplayed());
        awaitShown(fresh, WAIT);
        long next = publish("{\"message\":\"and live again\"}");
        awaitShown(next, WAIT);
        assertThat(shownTexts()).containsExactly("and live again", "after the wipe");
    }

    // A history page asked for before the list started over (a new log) and answered after it: its old
    // notifications must not land in the new list. The page's fetch is held (the answer read at once,
    // handed over later) so the race happens every time.
    @Test
    void aHistoryPageFromBeforeTheListStartedOverIsDropped() throws Exception {
        herald.close();
        herald = TestHerald.start(Map.of("herald.store", "memory"));
        open("/?transport=direct");
        for (int i = 1; i <= 3; i++) {
            awaitShown(publish("{\"message\":\"old " + i + "\"}"), WAIT);
        }
        driver().executeScript("""
                window.__held = []; window.__hold = true;
                const real = window.fetch.bind(window);
                window.fetch = (url, opts) => !(window.__hold && String(url).includes('/notifications')) ? real(url, opts)
                  : real(url, opts).then(r => r.text().then(t => new Promise(done => window.__held.push(
                      () => done(new Response(t, { status: r.status, headers: r.headers }))))));""");
        // The stream drops (an operator kicks it); two more arrive meanwhile: its reconnect asks for them.
        String connection = JSON.readTree(herald.get("/admin/clients").body()).get("clients").get(0).get("id").asText();
        herald.delete("/admin/clients/" + connection);
        publish("{\"message\":\"old 4\"}");
        long old5 = publish("{\"message\":\"old 5\"}");
        wait(WAIT).until(d -> ((Number) driver().executeScript("return window.__held.length")).intValue() >= 1);
        awaitShown(old5, WAIT);
        driver().executeScript("window.__hold = false");

        herald.restart(); // a new memory log: the page starts its list over
        long fresh = publish("{\"message\":\"new 1\"}");
        wait(WAIT).until(d -> shownTexts().equals(List.of("new 1")));
        driver().executeScript("window.__held.forEach(release => release())"); // the old page arrives now
        Thread.sleep(500);
        assertThat(shownTexts()).as("the old log's page is dropped").containsExactly("new 1");
        assertThat(shownIds()).containsExactly(fresh);
    }

    @Test
    void aLogThatStartedOverAndCaughtUpStillResetsThePage() {
        herald.close();
        herald = TestHerald.start(Map.of("herald.store", "memory"));
        // The stream in the page itself (the same LiveSource the shared worker runs): the browser's
        // offline emulation reaches a page, not a SharedWorker.
        open("/?transport=direct");
        for (int i = 1; i <= 3; i++) {
            awaitShown(publish("{\"message\":\"old " + i + "\"}"), WAIT);
        }
        // Offline while the server starts over, so the page reconnects only once the new log is past its last id.
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        driver().setNetworkConditions(offline);
        awaitState("offline");
        herald.restart(); // a new memory log: ids 1.. again
        long last = 0;
        for (int i = 1; i <= 4; i++) {
            last = publish("{\"message\":\"new " + i + "\"}");
        }
        assertThat(last).isEqualTo(4);
        driver().deleteNetworkConditions();
        // The server cannot tell (id 3 exists in the new log too); hello's "log" can: the old items go.
        List<String> expected = List.of("new 4", "new 3", "new 2", "new 1");
        try {
            wait(WAIT).until(d -> shownTexts().equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(shownTexts()).containsExactlyElementsOf(expected);
        }
    }

    // Read in one script: the list may re-render between finding the elements and reading them
    // (a StaleElementReferenceException, which the wait does not retry; seen once in CI).
    @SuppressWarnings("unchecked")
    private List<String> shownTexts() {
        return (List<String>) driver().executeScript(
                "return [...document.querySelectorAll('#notes .message, #notes .title')].map(e => e.innerText.trim())");
    }

    private static int indexOf(List<String> states, String prefix) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void retryNowReconnectsWithoutSittingOutTheBackoff() {
        open("/");
        assertThat(driver().findElement(By.id("retry")).isDisplayed()).isFalse();
        int port = herald.port();
        herald.close();
        // Wait for a long pause before the next try.
        wait(Duration.ofSeconds(40)).until(d -> secondsToRetry() >= 4);
        herald = TestHerald.start(Map.of("server.port", String.valueOf(port)));
        long waitFor = secondsToRetry();
        driver().findElement(By.id("retry")).click();
        wait(Duration.ofMillis(2500)).withMessage(() -> "still waiting for the " + waitFor + " s retry")
                .until(d -> "live".equals(d.findElement(By.id("status")).getDomAttribute("data-state")));
        assertThat(driver().findElement(By.id("retry")).isDisplayed()).isFalse();
    }

    /** The countdown the indicator shows, or -1. */
    private static long secondsToRetry() {
        String text = driver().findElement(By.cssSelector("#status .status-text")).getText();
        var m = java.util.regex.Pattern.compile("Reconnecting in (\\d+) s").matcher(text);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void offlineBrowserShowsOfflineAndCatchesUpWhenBackOnline() {
        open("/");
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        driver().setNetworkConditions(offline);
        awaitState("offline");
        assertThat(driver().findElement(By.cssSelector("#status .status-text")).getText()).isEqualTo("Offline");
        long id = publish("{\"message\":\"while offline\"}");

        driver().deleteNetworkConditions();
        awaitState("live");
        awaitShown(id, WAIT);
        assertThat(shownIds()).containsOnlyOnce(id);
    }
}
