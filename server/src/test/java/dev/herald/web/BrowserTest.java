package dev.herald.web;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the web-client tests: one Chromium per test class, a fresh Herald (new port, so a new
 * origin with empty storage and no old worker) per test, extra tabs closed after each test.
 */
abstract class BrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static Chromium chromium;
    TestHerald herald;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start(1280, 900);
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void startServer() {
        herald = TestHerald.start(Map.of());
    }

    @AfterEach
    void closeTabsAndServer() {
        try {
            System.out.println("browser console:\n" + chromium.console());
            ChromeDriver d = driver();
            List<String> handles = new ArrayList<>(d.getWindowHandles());
            for (String h : handles.subList(1, handles.size())) {
                d.switchTo().window(h).close();
            }
            d.switchTo().window(handles.getFirst());
            try {
                d.manage().deleteAllCookies(); // a token cookie is per host, not per port: it would outlive this test
            } catch (RuntimeException notOnAPage) {
                // about:blank or an error page has no cookies
            }
            d.get("about:blank");
            // A test that emulated focus on this tab must not leave it "looked at" for the next one.
            d.executeCdpCommand("Emulation.setFocusEmulationEnabled", java.util.Map.of("enabled", false));
        } finally {
            herald.close();
        }
    }

    static ChromeDriver driver() {
        return chromium.driver();
    }

    /** Loads the page in the current tab and waits until its indicator says live. */
    void open(String path) {
        driver().get(herald.uri(path).toString());
        awaitState("live");
    }

    /** Opens the page in a new tab (which becomes current) and waits until it is live. */
    String openTab(String path) {
        driver().switchTo().newWindow(WindowType.TAB);
        open(path);
        return driver().getWindowHandle();
    }

    void awaitState(String state) {
        wait(WAIT).withMessage(() -> "indicator never showed " + state + "; console:\n" + chromium.console())
                .until(d -> state.equals(d.findElement(By.id("status")).getDomAttribute("data-state")));
    }

    static WebDriverWait wait(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver(), timeout, Duration.ofMillis(50));
        return w;
    }

    /** POST /notify; asserts it was accepted and returns the new id. */
    long publish(String json) {
        return herald.publish(json);
    }

    /** Broadcast A, five for alice's private topic, broadcast C (shown here): the five a tab without her token misses. */
    List<Long> fiveForAliceBetweenBroadcasts() {
        publish("{\"message\":\"broadcast A\"}");
        List<Long> missed = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            missed.add(publish("{\"message\":\"for alice " + i + "\",\"topic\":\"user.alice\"}"));
        }
        awaitShown(publish("{\"message\":\"broadcast C\"}"), WAIT);
        return missed;
    }

    /** The ids of the notifications shown in the current tab, top to bottom (read at once: the list may change). */
    @SuppressWarnings("unchecked")
    static List<Long> shownIds() {
        return ((List<Object>) driver().executeScript(
                "return [...document.querySelectorAll('#notes > li')].map(li => li.dataset.id)"))
                .stream().map(id -> Long.parseLong((String) id)).toList();
    }

    static WebElement note(long id) {
        return driver().findElement(By.cssSelector("#notes > li[data-id='" + id + "']"));
    }

    /** Waits until the current tab shows a notification with this id. */
    static void awaitShown(long id, Duration timeout) {
        wait(timeout).withMessage(() -> "notification " + id + " not shown; shown: " + shownIds()
                        + "; " + tabState() + "; console:\n" + chromium.console())
                .until(d -> shownIds().contains(id));
    }

    // For failure messages: how this tab gets its events and what its status line says.
    private static String tabState() {
        try {
            return "transport: " + driver().findElement(By.tagName("html")).getDomAttribute("data-transport")
                    + ", status: " + driver().findElement(By.id("status")).getDomAttribute("data-state");
        } catch (RuntimeException e) {
            return "tab state unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Makes this window a stand-in leader (no Herald tab): it holds the leader lock and hears the tabs' channel,
     * running {@code onMessage} (JavaScript, with {@code data}) for each message; {@code window.__channel}
     * posts to the tabs. Returns the window's handle.
     */
    String standInLeader(String onMessage) {
        driver().get(herald.uri("/styles.css").toString());
        driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.locks.request('herald:leader', () => { done(); return new Promise(() => {}); });
                window.__heard = [];
                window.__channel = new BroadcastChannel('herald');
                window.__channel.onmessage = ({ data }) => { %s };""".formatted(onMessage));
        return driver().getWindowHandle();
    }

    static int connected(TestHerald herald) {
        return herald.server().hub().stats().connected();
    }

    /** The current tab as the user sees it, in server/target/screenshots (for a look, not for docs). */
    static void saveScreenshot(String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(name), driver().getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (java.io.IOException e) {
            System.out.println("screenshot not saved: " + e);
        }
    }

    /** Records what the page's live region says (to screen readers) from now on; read with {@link #said()}. */
    static void recordSaid() {
        driver().executeScript("""
                const live = document.getElementById('announcer');
                window.__said = [];
                new MutationObserver(() => live.textContent && window.__said.push(live.textContent))
                  .observe(live, { subtree: true, childList: true, characterData: true });""");
    }

    @SuppressWarnings("unchecked")
    static List<String> said() {
        return (List<String>) driver().executeScript("return window.__said");
    }

    static void awaitDesktopButton(String text) {
        wait(WAIT).withMessage(() -> "button: " + driver().findElement(By.id("desktop")).getText())
                .until(d -> text.equals(d.findElement(By.id("desktop")).getText()));
    }

    /**
     * Runs {@code script} in the page with its ES module {@code module} as {@code m}; the script answers
     * with {@code done(value)}, which this returns. A module that fails to load answers {@code {error}}.
     */
    static Object inModule(String module, String script) {
        return driver().executeAsyncScript("const done = arguments[arguments.length - 1];\n"
                + "import('" + module + "').then(m => {\n" + script + "\n}, e => done({ error: String(e) }));");
    }

    /** What the user's "Allow" in the browser's prompt does; waits until the page shows alerts are on. */
    void allowDesktopAlerts() {
        driver().executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", herald.uri("").toString(), "permissions", List.of("notifications")));
        awaitDesktopButton("Desktop alerts on");
    }

    /** Wraps the page's Notification constructor so the test can see what was raised. */
    static void recordDesktopAlerts() {
        driver().executeScript("""
                const Real = window.Notification;
                window.__alerts = [];
                window.Notification = class extends Real {
                  constructor(title, o) {
                    super(title, o);
                    this.record = { title, body: o.body, tag: o.tag, requireInteraction: !!o.requireInteraction, renotify: !!o.renotify, closed: false };
                    window.__alerts.push(this.record);
                  }
                  close() { this.record.closed = true; super.close(); }
                };""");
    }

    /** Every alert raised since {@link #recordDesktopAlerts()}, in order (closed ones say so). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alerts() {
        return (List<Map<String, Object>>) driver().executeScript("return window.__alerts");
    }

    /** An alert's tag without the log it names ({@code herald-<id>@<log>}): {@code herald-<id>}. */
    static String tagId(Map<String, Object> alert) {
        return String.valueOf(alert.get("tag")).replaceFirst("@.*", "");
    }

    /** The alerts still on screen: the last one of each tag (a new one replaces it), unless closed. */
    static List<Map<String, Object>> openAlerts() {
        Map<Object, Map<String, Object>> byTag = new java.util.LinkedHashMap<>();
        for (Map<String, Object> a : alerts()) {
            byTag.remove(a.get("tag"));
            byTag.put(a.get("tag"), a);
        }
        return byTag.values().stream().filter(a -> !Boolean.TRUE.equals(a.get("closed"))).toList();
    }

    /**
     * Waits for a desktop alert, gives a late second one a second to show, and returns the one alert on
     * screen (fails when there are more).
     */
    static Map<String, Object> theOneAlert() throws InterruptedException {
        wait(WAIT).withMessage(() -> "alerts: " + alerts() + "; console:\n" + chromium.console()).until(d -> !openAlerts().isEmpty());
        Thread.sleep(1000); // an alert raised late would show here
        List<Map<String, Object>> open = openAlerts();
        assertThat(open).as("raised: %s", alerts()).hasSize(1);
        return open.getFirst();
    }

    /** The test's server replaced by one whose user.* topics are private (the late-topic tests); alice's token. */
    PrivateTopics.Alice onAliceServer() throws Exception {
        herald.close();
        PrivateTopics.Alice alice = PrivateTopics.aliceServer();
        herald = alice.herald();
        return alice;
    }

    static WebDriver.TargetLocator to() {
        return driver().switchTo();
    }
}
