package dev.herald.web;

import dev.herald.hub.Subscriber;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where SharedWorker is missing (Chrome on Android), the tabs elect a leader that holds the browser's
 * one connection for all of them ({@code ?transport=leader} forces that path in Chromium).
 */
class WebLeaderTest extends BrowserTest {

    @Test
    void aLeaderTabHoldsTheConnectionAndAnotherTakesOver() {
        List<String> tabs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i == 0) {
                open("/?transport=leader");
                tabs.add(driver().getWindowHandle());
            } else {
                tabs.add(openTab("/?transport=leader"));
            }
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(connected(herald)).isEqualTo(1));
        String leader = leaderOf(tabs);
        long first = publish("{\"message\":\"to every tab\"}");
        for (String t : tabs) {
            to().window(t);
            awaitShown(first, WAIT);
        }

        to().window(leader).close();
        tabs.remove(leader);
        to().window(tabs.getFirst());
        long next = publish("{\"message\":\"after the leader left\"}");
        for (String t : tabs) {
            to().window(t);
            awaitShown(next, WAIT);
            assertThat(shownIds()).containsExactly(next, first);
        }
        assertThat(tabs).anyMatch(t -> "leader".equals(transportOf(t)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(connected(herald)).isEqualTo(1));
    }

    // Review (twentieth session): an event relayed without a cursor (a late topic's alert copy, routed by the
    // leader) that reached a tab which had just become leader was taken for a tab's request to it, and dropped.
    @Test
    void aTabThatJustBecameLeaderStillTakesAnEventRelayedToIt() {
        open("/?transport=leader");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(connected(herald)).isEqualTo(1));
        long real = publish("{\"message\":\"a real one, for its shape\"}");
        awaitShown(real, WAIT);
        // As the old leader's relay would come: the tab's id is learnt from the join a roll call asks for.
        Object relayed = driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const channel = new BroadcastChannel('herald');
                channel.onmessage = ({ data }) => {
                  if (data.type !== 'join') return;
                  channel.onmessage = null;
                  fetch('/notifications?limit=1').then(r => r.json()).then(body => {
                    const n = { ...body.notifications[0], id: body.notifications[0].id + 1000, message: 'relayed before the hand-over' };
                    channel.postMessage({ type: 'event', event: n, to: [data.tab], alert: data.tab });
                    done(n.id);
                  });
                };
                channel.postMessage({ type: 'roll' });
                """);
        awaitShown(((Number) relayed).longValue(), WAIT);
    }

    // Review (twentieth session): a late topic's route posted while no tab leads (the old leader closed, the
    // next not elected yet) was heard by nobody, and that late one raised no alert. A window of the origin that
    // is no Herald tab holds the leader lock meanwhile, so the window is as long as the test wants.
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRoutePostedWhileNoTabLeadsIsRoutedByTheNextLeader(boolean anotherTabLeadsNext) throws Exception {
        PrivateTopics.Alice alice = onAliceServer();
        open("/?topic=ops&transport=leader");
        String first = driver().getWindowHandle();
        String next = anotherTabLeadsNext ? openTab("/?topic=ops&transport=leader") : null; // asks for the lock before alice's tab
        String aliceTab = openTab("/?topic=user.alice&transport=leader");
        wait(WAIT).until(d -> d.findElement(By.id("refused")).isDisplayed());
        allowDesktopAlerts();
        List<Long> missed = fiveForAliceBetweenBroadcasts();
        // Its backfill (the late topic alone, without `all`) waits until no tab leads.
        driver().executeScript(PrivateTopics.HOLD_BACKFILL + """
                document.hasFocus = () => false;
                window.dispatchEvent(new Event('blur'));""");
        recordDesktopAlerts();
        if (next != null) {
            to().window(next);
            recordDesktopAlerts();
        }

        // Not a Herald tab: gives the browser alice's token, tells the leader so, and takes the leader lock.
        driver().switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver().get(herald.uri("/styles.css").toString());
        String locker = driver().getWindowHandle();
        driver().executeScript("""
                document.cookie = 'herald_token=' + encodeURIComponent(arguments[0]) + '; path=/; SameSite=Strict';
                new BroadcastChannel('herald').postMessage({ type: 'command', command: 'token' });""", alice.token());
        to().window(aliceTab);
        wait(WAIT).until(d -> Boolean.TRUE.equals(driver().executeScript("return window.__held === true")));
        to().window(locker);
        driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.locks.request('herald:leader', { steal: true }, () => {
                  done();
                  return new Promise(r => { window.__release = r; });
                });""");
        to().window(first).close();
        to().window(aliceTab);
        driver().executeScript("window.__through()");
        wait(WAIT).withMessage(() -> "shown: " + shownIds()).until(d -> shownIds().containsAll(missed));
        Thread.sleep(500); // its route is posted now, and no tab leads
        assertThat(alerts()).isEmpty();

        to().window(locker);
        driver().executeScript("window.__release()");
        to().window(aliceTab);
        assertThat(theOneAlert().get("title")).isEqualTo("5 new notifications");
        // Routed and acknowledged: another roll call brings a join from alice's tab, and no route again.
        to().window(locker);
        Object heard = driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const channel = new BroadcastChannel('herald');
                const heard = [];
                channel.onmessage = ({ data }) => heard.push(data.type);
                channel.postMessage({ type: 'roll' });
                setTimeout(() => done(heard), 500);""");
        assertThat(((List<?>) heard).stream().map(String::valueOf).toList()).contains("join").doesNotContain("route");
        assertThat(transportOf(anotherTabLeadsNext ? next : aliceTab)).isEqualTo("leader");
        if (next != null) {
            assertThat(alerts()).as("the leader's own").isEmpty();
        }
    }

    @Test
    void tabsWithDifferentTopicsShareOneConnectionAndEachShowsOnlyItsOwn() {
        open("/?transport=leader&topic=ops");
        String ops = driver().getWindowHandle();
        String billing = openTab("/?transport=leader&topic=billing");
        // One stream for both tabs, asking for both tabs' topics (until this change: one per topic set).
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(streamTopics()).containsExactlyInAnyOrder(
                Set.of("all", "ops", "billing")));

        long disk = publish("{\"message\":\"disk 91%\",\"topic\":\"ops\"}");
        long invoice = publish("{\"message\":\"invoice run\",\"topic\":\"billing\"}");
        long everyone = publish("{\"message\":\"maintenance at noon\"}");
        to().window(ops);
        awaitShown(everyone, WAIT);
        assertThat(shownIds()).containsExactly(everyone, disk);
        to().window(billing);
        awaitShown(everyone, WAIT);
        assertThat(shownIds()).containsExactly(everyone, invoice);
        saveScreenshot("web-leader-billing.png");
        to().window(ops);
        saveScreenshot("web-leader-ops.png");

        // The leader leaves: the other tab takes over, and the stream drops the topic nobody wants now.
        String leader = leaderOf(List.of(ops, billing));
        String rest = leader.equals(ops) ? billing : ops;
        String restTopic = rest.equals(ops) ? "ops" : "billing";
        String goneTopic = rest.equals(ops) ? "billing" : "ops";
        to().window(leader).close();
        to().window(rest);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(streamTopics()).containsExactlyInAnyOrder(
                Set.of("all", restTopic)));
        long forRest = publish("{\"message\":\"for the tab left\",\"topic\":\"" + restTopic + "\"}");
        long forGone = publish("{\"message\":\"for nobody here\",\"topic\":\"" + goneTopic + "\"}");
        long last = publish("{\"message\":\"to all again\"}");
        awaitShown(last, WAIT);
        assertThat(shownIds()).contains(forRest).doesNotContain(forGone);
        assertThat(transportOf(rest)).isEqualTo("leader");

        // A follower's change of topics reaches the leader's stream.
        String third = openTab("/?transport=leader&topic=deploys");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(streamTopics()).containsExactlyInAnyOrder(
                Set.of("all", restTopic, "deploys")));
        assertThat(transportOf(third)).isEqualTo("follower");
        driver().findElement(By.id("topic-input")).sendKeys("db\n");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(streamTopics()).containsExactlyInAnyOrder(
                Set.of("all", restTopic, "deploys", "db")));
        long db = publish("{\"message\":\"db failover\",\"topic\":\"db\"}");
        awaitShown(db, WAIT);
    }

    // Left by the twentieth session's review: a routed copy (a page's alert, routed by the leader) that comes
    // just after a retract of its id must not alert. Made deterministic by a window that is no Herald tab: it
    // holds the leader lock and plays the leader, posting the retract and the routed copy back to back.
    @Test
    void aRoutedCopyThatComesJustAfterItsRetractDoesNotAlert() throws Exception {
        String leader = standInLeader("if (data.type === 'join') window.__joined = data.tab");
        driver().switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver().get(herald.uri("/?transport=leader").toString());
        wait(WAIT).until(d -> d.findElement(By.id("empty-none")).isDisplayed());
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        allowDesktopAlerts();
        recordDesktopAlerts();
        String tab = driver().getWindowHandle();

        to().window(leader);
        wait(WAIT).until(d -> driver().executeScript("return window.__joined") != null);
        driver().executeScript("""
                const to = window.__joined;
                const n = (id, message) => ({ id, message, time: new Date().toISOString(), level: 'info', topics: ['all'] });
                const routed = n => window.__channel.postMessage({ type: 'event', event: n, to: [to], alert: to, routed: true });
                routed(n(7, 'routed, not retracted'));
                window.__channel.postMessage({ type: 'retract', retract: { id: 8 } });
                routed(n(8, 'routed just after its retract'));""");
        to().window(tab);
        wait(WAIT).withMessage(() -> "alerts: " + alerts()).until(d -> !alerts().isEmpty());
        Thread.sleep(1000); // the retracted one's alert would show by now
        assertThat(alerts()).extracting(a -> a.get("body")).containsExactly("routed, not retracted");
        assertThat(shownIds()).containsExactly(7L);
    }

    // The topics of the server's one stream (fails while there is not exactly one).
    private List<Set<String>> streamTopics() {
        return herald.server().hub().subscribers().stream().map(Subscriber::topics).toList();
    }

    // A tester's evening (twenty-fourth session): Chrome freezes hidden tabs (on Android soon after they go to
    // the background, and Android is where this path runs). A frozen leader relayed nothing and kept its lock:
    // the visible tab said "Live" and showed nothing until the leader's tab was thawed.
    @Test
    void aFrozenLeaderHandsTheStreamToAnotherTabAndCatchesUpWhenThawed() {
        open("/?transport=leader");
        String frozen = driver().getWindowHandle();
        String other = openTab("/?transport=leader");
        assertThat(transportOf(frozen)).isEqualTo("leader");
        driver().executeCdpCommand("Page.setWebLifecycleState", java.util.Map.of("state", "frozen"));

        to().window(other);
        long whileFrozen = publish("{\"message\":\"while the leader's tab is frozen\"}");
        awaitShown(whileFrozen, WAIT);
        assertThat(transportOf(other)).isEqualTo("leader");

        to().window(frozen);
        driver().executeCdpCommand("Page.setWebLifecycleState", java.util.Map.of("state", "active"));
        awaitShown(whileFrozen, WAIT); // what it missed, from the history at its new hello
        long after = publish("{\"message\":\"after the thaw\"}");
        for (String t : List.of(frozen, other)) {
            to().window(t);
            awaitShown(after, WAIT);
            assertThat(shownIds()).containsExactly(after, whileFrozen);
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(connected(herald)).isEqualTo(1));
    }

    private static String leaderOf(List<String> tabs) {
        return tabs.stream().filter(t -> "leader".equals(transportOf(t))).findFirst().orElseThrow();
    }

    private static String transportOf(String tab) {
        to().window(tab);
        return driver().findElement(By.tagName("html")).getDomAttribute("data-transport");
    }
}
