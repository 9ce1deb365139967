package dev.herald.web;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's data started over while the tabs were away (a memory store restarted, a wiped database:
 * ids from 1 again). What it got before they reconnected is news, as if the stream had stayed up: until
 * the twenty-second session it was listed as history (no alert, not announced, not unread) and the
 * unread count from before was cleared.
 */
class WebNewLogTest extends BrowserTest {

    // More old ones than new: the server sees an id from the future, resets the stream and replays its log.
    // Fewer: the log went past the tab's id, only hello's `log` tells, and the stream replays nothing of it.
    @ParameterizedTest(name = "{0}: {1} old, {2} new")
    @CsvSource({"'', 2, 1", "'', 1, 2", "?transport=leader, 1, 2", "?transport=direct, 1, 2"})
    void whatANewLogGotBeforeTheTabReconnectedIsNews(String transport, int old, int fresh) throws Exception {
        herald.close();
        herald = TestHerald.start(Map.of("herald.store", "memory"));
        open("/" + transport);
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        allowDesktopAlerts();
        recordDesktopAlerts();
        long last = 0;
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= old; i++) {
            last = publish("{\"message\":\"old " + i + "\"}");
            expected.add("old " + i);
        }
        awaitShown(last, WAIT);
        wait(WAIT).until(d -> d.getTitle().equals("(" + old + ") Herald") && alerts().size() == old);
        recordSaid();

        int port = herald.port();
        herald.close();
        wait(Duration.ofSeconds(40)).until(d -> secondsToRetry() >= 2); // published before the tab is back
        herald = TestHerald.start(Map.of("herald.store", "memory", "server.port", String.valueOf(port)));
        List<String> shown = new ArrayList<>();
        for (int i = 1; i <= fresh; i++) {
            publish("{\"message\":\"new " + i + "\"}");
            shown.addFirst("new " + i);
            expected.add("new " + i);
        }

        wait(WAIT).withMessage(() -> "shown: " + shownTexts()).until(d -> shownTexts().equals(shown));
        wait(WAIT).withMessage(() -> "alerts: " + alerts() + "; console:\n" + chromium.console())
                .until(d -> alerts().size() >= old + fresh);
        Thread.sleep(1000); // a late second alert would show here
        assertThat(alerts()).extracting(a -> a.get("body")).containsExactlyInAnyOrderElementsOf(expected);
        // The new log's id 1 is not the old one's: its alert stands beside it (it replaced it, silently, by tag).
        assertThat(openAlerts()).extracting(a -> a.get("body")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(driver().getTitle()).as("unread: the old ones the user has not seen, and the new")
                .isEqualTo("(" + (old + fresh) + ") Herald");
        // Said within a second of the first arrival (announcer.js), and the second before may have passed
        // already: on a loaded machine the line came just after it (seen once in the twenty-fourth session).
        wait(WAIT).withMessage(() -> "announced: " + said()).until(d -> said().stream().anyMatch(s -> s.contains("new " + fresh)));
    }

    // Review (twenty-first session): a follower keeps what it routed until a leader acknowledges it, and posts
    // it again at the next roll call, even after the list started over (a new log): ids of the old list,
    // which name other notifications now. Here a window that is no Herald tab holds the leader lock and plays
    // the leader: two resets, then a roll call.
    @Test
    void aFollowerDropsItsUnacknowledgedRoutesWhenTheListStartsOver() throws Exception {
        String leader = standInLeader("window.__heard.push(data)");
        driver().switchTo().newWindow(WindowType.TAB);
        driver().get(herald.uri("/?transport=leader").toString());
        wait(WAIT).until(d -> Boolean.TRUE.equals(driver().executeScript("return document.getElementById('empty-loading').hidden")));
        long news = publish("{\"message\":\"after the list started\"}"); // no leader yet: the tab has no stream

        to().window(leader); // a new log: the tab's newest page is news, and the tab routes it
        driver().executeScript("window.__channel.postMessage({ type: 'reset', reset: { reason: 'new-log' } })");
        wait(WAIT).withMessage(() -> "heard: " + heard()).until(d -> heard().contains("route"));
        assertThat(driver().executeScript("return window.__heard.filter(m => m.type === 'route').flatMap(m => m.events.map(n => n.id))"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(news);
        // Not acknowledged, and the list starts over again (its newest page is not news this time).
        driver().executeScript("window.__channel.postMessage({ type: 'reset', reset: { reason: 'new-log' } })");
        Thread.sleep(1000);
        driver().executeScript("window.__heard = []; window.__channel.postMessage({ type: 'roll' })");
        Thread.sleep(500);
        assertThat(heard()).as("what the tab posts at the roll call").contains("join").doesNotContain("route");
    }

    // Review (twenty-second session): a tab opens while the stream reconnects to a wiped server. The reset came
    // before the list's first page answered, and the store took the empty list for one the user had seen
    // empty: the whole newest page (maybe days old) was news, routed for alerts and counted unread.
    // Here the stand-in leader says "new log" while the tab's history requests are held.
    @Test
    void aResetBeforeTheFirstPageAnswersLeavesThatPageHistory() throws Exception {
        long old = publish("{\"message\":\"sent days ago\"}");
        String leader = standInLeader("window.__heard.push(data)");
        driver().switchTo().newWindow(WindowType.TAB);
        String tab = driver().getWindowHandle();
        driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                const real = window.fetch;
                const held = new Promise(go => { window.__release = go; });
                window.fetch = (url, o) => String(url).startsWith('/notifications') ? held.then(() => real(url, o)) : real(url, o);"""));
        driver().get(herald.uri("/?transport=leader").toString());
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        wait(WAIT).until(d -> Boolean.TRUE.equals(driver().executeScript("return window.__release != null")));
        wait(WAIT).until(d -> { to().window(leader); boolean joined = heard().contains("join"); to().window(tab); return joined; });

        to().window(leader);
        driver().executeScript("window.__channel.postMessage({ type: 'reset', reset: { reason: 'new-log' } })");
        Thread.sleep(500); // the tab starts over before its first page answers
        to().window(tab);
        driver().executeScript("window.__release()");
        awaitShown(old, WAIT);
        Thread.sleep(1000); // a route or an unread count would show here
        assertThat(driver().getTitle()).as("nothing unread: the page is history").isEqualTo("Herald");
        to().window(leader);
        assertThat(heard()).as("routed for an alert").doesNotContain("route");
    }

    // Review (twenty-second session): a route a tab posts just before it handles a reset (a backfill finishing
    // then) reached the stream's owner after the reset; the alerting tab, on the new log already, took in the
    // old log's notification and alerted, and the new log's own of that id was then hidden (same id). Routes
    // now name the log they came from and the owner drops another log's. The race itself cannot be timed from
    // here: a window that is no Herald tab posts, on the leader's channel, a route tagged with an old log and
    // then one tagged with the current log (one sender, one channel: in order) to a real leader tab.
    @Test
    void aLeaderDropsARouteFromAnotherLog() throws Exception {
        long first = publish("{\"message\":\"on the current log\"}");
        driver().get(herald.uri("/styles.css").toString());
        driver().executeScript("""
                window.__heard = [];
                window.__channel = new BroadcastChannel('herald');
                window.__channel.onmessage = ({ data }) => window.__heard.push(data);""");
        String standIn = driver().getWindowHandle();
        driver().switchTo().newWindow(WindowType.TAB);
        String tab = driver().getWindowHandle();
        open("/?transport=leader");
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        allowDesktopAlerts();
        recordDesktopAlerts();
        awaitShown(first, WAIT);

        to().window(standIn);
        wait(WAIT).until(d -> driver().executeScript("return window.__heard.find(m => m.type === 'live')?.hello.log") != null);
        driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const log = window.__heard.find(m => m.type === 'live').hello.log;
                fetch('/notifications?limit=1').then(r => r.json()).then(({ notifications: [n] }) => {
                  const as = (id, message) => ({ ...n, id, message });
                  window.__channel.postMessage({ type: 'route', tab: 'gone', log: 'an-old-log',
                    events: [as(n.id + 100, 'from the old log')] });
                  window.__channel.postMessage({ type: 'route', tab: 'gone', log, events: [as(n.id + 101, 'from this log')] });
                  done();
                });""");
        to().window(tab);
        wait(WAIT).withMessage(() -> "shown: " + shownTexts()).until(d -> shownTexts().contains("from this log"));
        Thread.sleep(500); // the old log's, had it come, came first
        assertThat(shownTexts()).as("the old log's route").doesNotContain("from the old log");
        assertThat(alerts()).extracting(a -> a.get("body")).containsExactly("from this log");
    }

    // The same through the shared worker: a window that is no Herald tab connects to it as a tab would.
    @Test
    void theSharedWorkerDropsARouteFromAnotherLog() throws Exception {
        long first = publish("{\"message\":\"on the current log\"}");
        open("/");
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        allowDesktopAlerts();
        recordDesktopAlerts();
        awaitShown(first, WAIT);
        String tab = driver().getWindowHandle();

        driver().switchTo().newWindow(WindowType.TAB);
        driver().get(herald.uri("/styles.css").toString());
        driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const port = new SharedWorker('/worker.js', { type: 'module', name: 'herald' }).port;
                let posted = false;
                window.__got = [];
                port.onmessage = ({ data }) => {
                  window.__got.push(data);
                  if (data.type !== 'live' || posted) return;
                  posted = true;
                  fetch('/notifications?limit=1').then(r => r.json()).then(({ notifications: [n] }) => {
                    const as = (id, message) => ({ ...n, id, message });
                    port.postMessage({ type: 'route', log: 'an-old-log', events: [as(n.id + 100, 'from the old log')] });
                    port.postMessage({ type: 'route', log: data.hello.log, events: [as(n.id + 101, 'from this log')] });
                    done();
                  });
                };
                port.start();
                // A tab that came after the real one and wants another topic: the real one alerts. It holds its
                // life lock as a tab does, or the worker takes it for gone at once.
                navigator.locks.request('herald-tab:stand-in', () => {
                  port.postMessage({ type: 'hello', tab: 'stand-in', topics: ['stand-in-only'], lastId: null, viewed: false });
                  return new Promise(() => {});
                });""");
        String standIn = driver().getWindowHandle();
        to().window(tab);
        wait(WAIT).withMessage(() -> "shown: " + shownTexts() + "; stand-in got: " + standInGot(standIn, tab))
                .until(d -> shownTexts().contains("from this log"));
        Thread.sleep(500); // the old log's, had it come, came first
        assertThat(shownTexts()).as("the old log's route").doesNotContain("from the old log");
        assertThat(alerts()).extracting(a -> a.get("body")).containsExactly("from this log");
    }

    private static Object standInGot(String standIn, String tab) {
        to().window(standIn);
        Object got = driver().executeScript("return JSON.stringify(window.__got)");
        to().window(tab);
        return got;
    }

    @SuppressWarnings("unchecked")
    private static List<String> heard() {
        return (List<String>) driver().executeScript("return window.__heard.map(m => m.type)");
    }

    // Read in one script: the list may re-render between finding the elements and reading them.
    @SuppressWarnings("unchecked")
    private static List<String> shownTexts() {
        return (List<String>) driver().executeScript(
                "return [...document.querySelectorAll('#notes .message, #notes .title')].map(e => e.innerText.trim())");
    }

    /** The countdown the indicator shows, or -1. */
    private static long secondsToRetry() {
        String text = driver().findElement(By.cssSelector("#status .status-text")).getText();
        var m = java.util.regex.Pattern.compile("Reconnecting in (\\d+) s").matcher(text);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
