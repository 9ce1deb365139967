package dev.herald.web;

import org.junit.jupiter.api.Test;
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
        driver().executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", herald.uri("").toString(), "permissions", List.of("notifications")));
        awaitDesktopButton("Desktop alerts on");
        driver().findElement(By.id("desktop")).click();
        awaitDesktopButton("Desktop alerts muted");
        driver().findElement(By.id("desktop")).click();
        awaitDesktopButton("Desktop alerts on");

        List<String> tabs = new ArrayList<>(List.of(driver().getWindowHandle()));
        for (int i = 0; i < 3; i++) {
            tabs.add(openTab("/"));
        }
        for (String t : tabs) {
            to().window(t);
            recordDesktopAlerts();
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
        assertThat(shown).as("alerts %s; console:%n%s", shown, chromium.console()).extracting(m -> m.get("tag")).containsExactlyInAnyOrder("herald-" + error, "herald-" + info);
        assertThat(shown).filteredOn(m -> m.get("tag").equals("herald-" + error))
                .singleElement().satisfies(m -> {
                    assertThat(m.get("title")).isEqualTo("DB down");
                    assertThat(m.get("requireInteraction")).isEqualTo(true);
                });
        assertThat(shown).filteredOn(m -> m.get("tag").equals("herald-" + info))
                .singleElement().satisfies(m -> assertThat(m.get("requireInteraction")).isEqualTo(false));
    }

    private static void awaitDesktopButton(String text) {
        wait(WAIT).withMessage(() -> "button: " + driver().findElement(By.id("desktop")).getText())
                .until(d -> text.equals(d.findElement(By.id("desktop")).getText()));
    }

    /** Wraps the page's Notification constructor so the test can see what was raised. */
    private static void recordDesktopAlerts() {
        driver().executeScript("""
                const Real = window.Notification;
                window.__alerts = [];
                window.Notification = class extends Real {
                  constructor(title, o) {
                    super(title, o);
                    window.__alerts.push({ title, tag: o.tag, requireInteraction: !!o.requireInteraction });
                  }
                };""");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alerts() {
        return (List<Map<String, Object>>) driver().executeScript("return window.__alerts");
    }
}
