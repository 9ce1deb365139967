package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Getting the user's attention: unread count in the tab title, one desktop alert per event. */
class WebAttentionTest extends BrowserTest {

    @Test
    void unreadCountShowsInTheTitleOfATabNotLookedAtAndClearsWhenViewed() {
        open("/");
        String background = openTab("/");
        // Headless Chromium keeps every tab "visible"; only the first one has focus.
        assertThat(driver().executeScript("return document.hasFocus()")).isEqualTo(false);
        long a = publish("{\"message\":\"one\"}");
        long b = publish("{\"message\":\"two\"}");
        awaitShown(b, WAIT);
        assertThat(shownIds()).contains(a);
        wait(WAIT).until(d -> "(2) Herald".equals(d.getTitle()));

        driver().executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        wait(WAIT).until(d -> "Herald".equals(d.getTitle()));
        to().window(background);
        assertThat(driver().getTitle()).isEqualTo("Herald");
    }

    @Test
    void desktopAlertsNeedTheButtonAndOnlyOneTabRaisesEach() {
        open("/");
        assertThat(driver().executeScript("return Notification.permission")).as("never asked on load").isEqualTo("default");
        assertThat(driver().findElement(By.id("desktop")).getText()).isEqualTo("Enable desktop alerts");

        // What the user's "Allow" in the browser's prompt does; the page notices the change.
        allowDesktopAlerts();
        driver().findElement(By.id("desktop")).click();
        awaitDesktopButton("Desktop alerts muted");
        driver().findElement(By.id("desktop")).click();
        awaitDesktopButton("Desktop alerts on");

        List<String> tabs = new ArrayList<>(List.of(driver().getWindowHandle()));
        for (int i = 0; i < 3; i++) {
            tabs.add(openTab("/"));
        }
        // The user is in another application. Switching tabs above moves real focus, and a tab's
        // focus report may reach the shared worker late on a loaded machine, so each tab is told
        // outright that it is not looked at (its report is posted before the publishes start).
        for (String t : tabs) {
            to().window(t);
            recordDesktopAlerts();
            driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        }
        long error = publish("{\"title\":\"DB down\",\"message\":\"primary unreachable\",\"level\":\"error\"}");
        long info = publish("{\"message\":\"fyi\",\"level\":\"info\"}");

        // Switching tabs may move focus (and a focused tab needs no desktop alert): let both
        // events reach the tabs before looking around.
        awaitShown(info, WAIT);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (String t : tabs) {
            to().window(t);
            awaitShown(info, WAIT);
            shown.addAll(alerts());
        }
        assertThat(shown).as("alerts %s; console:%n%s", shown, chromium.console()).extracting(BrowserTest::tagId).containsExactlyInAnyOrder("herald-" + error, "herald-" + info);
        assertThat(shown).filteredOn(m -> tagId(m).equals("herald-" + error))
                .singleElement().satisfies(m -> {
                    assertThat(m.get("title")).isEqualTo("DB down");
                    assertThat(m.get("requireInteraction")).isEqualTo(true);
                });
        assertThat(shown).filteredOn(m -> tagId(m).equals("herald-" + info))
                .singleElement().satisfies(m -> assertThat(m.get("requireInteraction")).isEqualTo(false));
    }

    // The same with the shared worker and with the leader tab that replaces it where SharedWorker is missing.
    @ParameterizedTest
    @ValueSource(strings = {"/", "/?transport=leader"})
    void noDesktopAlertWhileTheUserLooksAtAHeraldTabThatShowsItElseTheLastFocusedTabAlerts(String page) {
        open(page);
        String looked = driver().getWindowHandle();
        allowDesktopAlerts();
        String background = openTab(page); // like a Ctrl+click: opened, not looked at
        recordDesktopAlerts();
        to().window(looked);
        // The user looks at the first tab (headless Chromium gives no tab real focus).
        driver().executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        driver().executeScript("window.dispatchEvent(new Event('focus'))");
        recordDesktopAlerts();

        long first = publish("{\"title\":\"Build red\",\"message\":\"main fails\",\"level\":\"error\"}");
        awaitShown(first, WAIT);
        to().window(background);
        awaitShown(first, WAIT);
        assertThat(alerts()).as("the user sees it in the other tab").isEmpty();
        to().window(looked);
        assertThat(alerts()).isEmpty();

        // The user switches to another application: the tab focused last alerts, not the newest.
        driver().executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", false));
        driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        long second = publish("{\"title\":\"Build still red\",\"message\":\"main fails\",\"level\":\"error\"}");
        awaitShown(second, WAIT);
        wait(WAIT).until(d -> !alerts().isEmpty());
        assertThat(alerts()).extracting(BrowserTest::tagId).containsExactly("herald-" + second);
        to().window(background);
        awaitShown(second, WAIT);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void blockedDesktopAlertsStayReachableAndSayHowToUnblock() {
        open("/");
        driver().executeCdpCommand("Browser.setPermission", Map.of("origin", herald.uri("").toString(),
                "permission", Map.of("name", "notifications"), "setting", "denied"));
        awaitDesktopButton("Desktop alerts blocked");
        var button = driver().findElement(By.id("desktop"));
        assertThat(button.isEnabled()).as("in the tab order, not disabled").isTrue();
        assertThat(button.getDomAttribute("aria-disabled")).isEqualTo("true");
        assertThat(button.getDomAttribute("title")).contains("site settings");
        assertThat(driver().findElement(By.id("desktop-hint")).getDomProperty("textContent")).contains("site settings");
        // A tooltip never shows on a touch screen: pressing the button shows the explanation in sight.
        assertThat(driver().findElement(By.id("desktop-hint")).getRect().getWidth()).isLessThanOrEqualTo(1);
        button.click();
        wait(WAIT).until(d -> d.findElement(By.id("desktop-hint")).getRect().getWidth() > 100);
        assertThat(driver().findElement(By.id("desktop-hint")).getText()).contains("site settings");
        // It stays until the reader is done: Escape closes it (no timer takes it away mid-read).
        button.sendKeys(org.openqa.selenium.Keys.ESCAPE);
        wait(WAIT).until(d -> d.findElement(By.id("desktop-hint")).getRect().getWidth() <= 1);
    }

    @Test
    void aRetractedUnreadNotificationNoLongerCountsInTheTitle() {
        open("/");
        openTab("/"); // not focused: what arrives is unread here
        long a = publish("{\"message\":\"one\"}");
        long b = publish("{\"message\":\"two\"}");
        awaitShown(b, WAIT);
        wait(WAIT).until(d -> "(2) Herald".equals(d.getTitle()));
        var res = herald.delete("/notifications/" + a);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        wait(WAIT).until(d -> "(1) Herald".equals(d.getTitle()));
        assertThat(shownIds()).containsExactly(b);
    }

    // A burst (a replay after a reconnect) raises one alert that counts them; an error among them is
    // named there, not only the latest (review: "12 new notifications. Latest: fyi" hid "DB down").
    // The module is called in the page directly: how a live burst splits into batches varies.
    @Test
    void aBurstRaisesOneAlertThatNamesItsError() {
        alertsFromTheModule("""
                  const n = (id, message, level = 'info', title) => ({ id, message, level, title });
                  const t0 = 1_000_000;
                  m.alertBurst([n(1, 'one'), n(2, 'primary unreachable', 'error', 'DB down'), n(3, 'three'),
                    n(4, 'four', 'warning'), n(5, 'fyi')], null, t0);
                  m.alertBurst([n(6, 'a'), n(7, 'b'), n(8, 'c', 'warning'), n(9, 'fyi')], null, t0 + 10_000); // a burst of its own
                  m.alertBurst([n(10, 'more')], null, t0 + 11_000);                        // joins it, quietly
                  m.alertBurst([n(11, 'replica lost', 'error', 'DB again')], null, t0 + 12_000); // joins it, heard
                """);
        assertThat(alerts()).hasSize(4);
        assertThat(alerts().get(0)).satisfies(m -> {
            assertThat(m.get("title")).isEqualTo("5 new notifications");
            assertThat(m.get("body")).isEqualTo("Error: DB down");
            assertThat(m.get("requireInteraction")).isEqualTo(true);
        });
        assertThat(alerts().get(1)).satisfies(m -> {
            assertThat(m.get("body")).isEqualTo("Latest: fyi");
            assertThat(m.get("requireInteraction")).isEqualTo(false);
        });
        assertThat(alerts().get(2)).satisfies(m -> {
            assertThat(m.get("title")).isEqualTo("5 new notifications");
            assertThat(m.get("tag")).isEqualTo(alerts().get(1).get("tag"));
            assertThat(m.get("renotify")).as("replaced in place, no sound").isEqualTo(false);
        });
        assertThat(alerts().get(3)).satisfies(m -> {
            assertThat(m.get("title")).isEqualTo("6 new notifications");
            assertThat(m.get("body")).isEqualTo("Error: DB again");
            assertThat(m.get("renotify")).as("a new error in the summary is heard").isEqualTo(true);
        });
    }

    // Re-read: alertBurst's window slides (burst.at = now on every batch), so a steady trickle, one
    // notification every 4 s, is one endless burst: from the fourth on, nothing pops up any more, the
    // summary is only replaced in place (same tag, no renotify), and the first three were closed.
    @Test
    void aTrickleOfSingleNotificationsIsNotOneEndlessBurst() {
        alertsFromTheModule("""
                  for (let i = 1; i <= 10; i++) {
                    m.alertBurst([{ id: i, message: 'm' + i, level: i === 9 ? 'error' : 'info', title: 'T' + i }], null, 1_000_000 + i * 4000);
                  }
                """);
        // 36 s after the first, 4 s after the one before: the tenth is its own alert, not "10 new notifications"
        assertThat(alerts().getLast().get("title")).as("raised: %s", alerts()).isEqualTo("T10");
    }

    // A late topic's backfill comes a page of 500 at a time, newest page first: the summary named the
    // last one counted ("Latest: " an older page's newest), not the newest of the burst.
    @Test
    void aBurstNamesItsNewestWhateverOrderItsBatchesCome() {
        alertsFromTheModule("""
                  const page = (from, to, errors = []) => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i,
                    message: 'm' + (from + i), level: errors.includes(from + i) ? 'error' : 'info' }));
                  m.alertBurst(page(11, 15), null, 1_000_000); // the newest page first
                  m.alertBurst(page(1, 10), null, 1_000_500);
                  m.alertBurst(page(111, 115, [112]), null, 1_010_000); // another burst, with errors
                  m.alertBurst(page(101, 110, [103]), null, 1_010_500);
                """);
        assertThat(alerts()).hasSize(4);
        assertThat(alerts().get(1)).satisfies(m -> {
            assertThat(m.get("title")).isEqualTo("15 new notifications");
            assertThat(m.get("body")).isEqualTo("Latest: m15");
        });
        assertThat(alerts().get(3).get("body")).isEqualTo("2 errors, the latest: m112");
    }

    // The page with alerts allowed and recorded; `script` runs with desktop.js as `m`. The module is
    // called directly: how a live burst splits into batches varies.
    private void alertsFromTheModule(String script) {
        open("/");
        allowDesktopAlerts();
        recordDesktopAlerts();
        assertThat(inModule("/desktop.js", script + "\ndone(null);")).isNull();
    }
    // A tester's evening (twenty-fourth session): the alert went to the tab focused last even when Chrome had
    // frozen it (a hidden tab), so it waited there, unseen, until that tab was thawed.
    @Test
    void aFrozenTabLeavesItsAlertsToAnAwakeOne() {
        open("/");
        allowDesktopAlerts();
        String frozen = driver().getWindowHandle(); // focused last: the one that alerts
        String awake = openTab("/");
        for (String t : List.of(frozen, awake)) {
            to().window(t);
            recordDesktopAlerts();
            driver().executeScript("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
        }
        to().window(frozen);
        driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));

        to().window(awake);
        long id = publish("{\"title\":\"DB down\",\"message\":\"primary unreachable\",\"level\":\"error\"}");
        awaitShown(id, WAIT);
        wait(WAIT).withMessage(() -> "no alert in the awake tab: " + alerts()).until(d -> !alerts().isEmpty());
        assertThat(alerts()).extracting(BrowserTest::tagId).containsExactly("herald-" + id);

        to().window(frozen);
        driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "active"));
        awaitShown(id, WAIT);
        assertThat(alerts()).as("the thawed tab raises no second alert").isEmpty();
    }
}
