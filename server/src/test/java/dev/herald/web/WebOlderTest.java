package dev.herald.web;

import dev.herald.hub.Hub;
import dev.herald.notify.Level;
import dev.herald.notify.NotificationRequest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** "Load older" pages back through the history; the live cap keeps what was loaded or is being read. */
class WebOlderTest extends BrowserTest {

    @Test
    void loadOlderPagesBackToTheFirstInOrderAndALiveArrivalKeepsThem() {
        List<Long> ids = publishMany(250); // oldest first
        open("/");
        awaitCount(100);
        assertThat(shownIds()).isEqualTo(newestFirst(ids.subList(150, 250)));
        WebElement button = driver().findElement(By.id("load-older"));
        assertThat(button.isDisplayed()).isTrue();
        assertThat(driver().findElement(By.id("older-end")).isDisplayed()).isFalse();

        // From the keyboard: the button takes focus like any other, Enter loads a page.
        driver().executeScript("arguments[0].focus()", button);
        button.sendKeys(Keys.ENTER);
        awaitCount(200);
        assertThat(driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("load-older");
        saveBottomScreenshot("web-load-older.png");
        button.click();
        awaitCount(250);

        assertThat(shownIds()).isEqualTo(newestFirst(ids)).doesNotHaveDuplicates();
        wait(WAIT).until(d -> !button.isDisplayed());
        WebElement end = driver().findElement(By.id("older-end"));
        assertThat(end.isDisplayed()).isTrue();
        assertThat(end.getText()).isEqualTo("That’s everything.");
        assertThat(driver().switchTo().activeElement().getDomAttribute("id")).as("focus moves off the vanished button")
                .isEqualTo("older-end");
        wait(WAIT).until(d -> d.findElement(By.id("announcer")).getDomProperty("textContent")
                .equals("50 older notifications loaded. That’s everything."));
        saveBottomScreenshot("web-older-end.png");

        long live = publish("{\"message\":\"live after paging back\"}");
        awaitShown(live, WAIT);
        List<Long> all = new ArrayList<>(ids);
        all.add(live);
        assertThat(shownIds()).isEqualTo(newestFirst(all));
    }

    @Test
    void liveArrivalsPastTheCapKeepWhatIsOnScreenAndTrimOnlyOnceTheUserIsBackAtTheTop() {
        List<Long> ids = publishMany(100);
        open("/");
        awaitCount(100);
        assertThat(driver().findElement(By.id("older-end")).isDisplayed()).isTrue();
        driver().executeScript("window.scrollTo(0, document.body.scrollHeight)"); // reading the oldest

        // Past the cap they wait behind the bar (a first part that still fits goes in above the reader).
        List<Long> burst = publishMany(150);
        WebElement bar = driver().findElement(By.id("show-new"));
        wait(WAIT).withMessage(() -> "shown: " + shownIds().size()).until(d -> bar.isDisplayed()
                && shownIds().size() + Integer.parseInt(bar.getText().replaceAll(" new.*|\\D", "")) == 250);
        assertThat(shownIds()).as("the oldest stay while on screen, the list within the cap")
                .hasSizeLessThanOrEqualTo(200).contains(ids.getFirst());

        driver().executeScript("window.scrollTo(0, 0)"); // back at the top: the waiting ones show
        awaitShown(burst.getLast(), WAIT);
        awaitCount(200);
        long next = publish("{\"message\":\"one more\"}");
        awaitShown(next, WAIT);
        awaitCount(200);
        assertThat(shownIds().getLast()).isEqualTo(ids.get(51)); // 251 held, the oldest 51 dropped
        WebElement button = driver().findElement(By.id("load-older"));
        assertThat(button.isDisplayed()).as("what was dropped can be loaded again").isTrue();
        button.click();
        awaitCount(251);
        assertThat(shownIds().getLast()).isEqualTo(ids.getFirst());
    }

    @Test
    void loadedOlderPagesStayThroughTwoHundredLiveArrivalsThenTheOldestGo() {
        List<Long> ids = publishMany(150);
        open("/");
        awaitCount(100);
        driver().findElement(By.id("load-older")).click();
        awaitCount(150); // the user asked for these: the cap is now 150 + 200
        driver().executeScript("window.scrollTo(0, 0)"); // back at the top: the oldest are off screen

        List<Long> live = publishMany(200);
        awaitShown(live.getLast(), WAIT);
        assertThat(shownIds()).hasSize(350).contains(ids.getFirst());

        // Until this change nothing was trimmed once an older page was loaded: a tab left open grew forever.
        List<Long> more = publishMany(10);
        awaitShown(more.getLast(), WAIT);
        awaitCount(350);
        assertThat(shownIds().getLast()).isEqualTo(ids.get(10));
        assertThat(driver().findElement(By.id("load-older")).isDisplayed()).as("what was dropped can be loaded again").isTrue();
    }

    @Test
    void aFailedPageIsShownLikeAHistoryErrorAndTheButtonTriesAgain() {
        publishMany(150);
        open("/");
        awaitCount(100);
        // The server's answer to the page request, as a busy server might give it.
        driver().executeScript("""
                window.__realFetch = window.fetch;
                window.fetch = (url, init) => String(url).includes('before=')
                  ? Promise.resolve(new Response('{"error":"unavailable","detail":"database busy"}',
                      { status: 503, headers: { 'Content-Type': 'application/json' } }))
                  : window.__realFetch(url, init);""");
        WebElement button = driver().findElement(By.id("load-older"));
        button.click();
        WebElement error = driver().findElement(By.id("history-error"));
        wait(WAIT).until(d -> error.isDisplayed());
        assertThat(error.getText()).isEqualTo("Could not load older notifications: database busy");
        assertThat(shownIds()).hasSize(100);
        assertThat(button.isDisplayed()).isTrue();

        driver().executeScript("window.fetch = window.__realFetch");
        button.click();
        awaitCount(150);
        wait(WAIT).until(d -> !error.isDisplayed());
    }

    @Test
    void aReconnectDropsALoadedOlderNotificationThatWasRetractedMeanwhile() {
        List<Long> ids = publishMany(150);
        // This tab misses retract events (as while away) and lets the test break its stream.
        String script = (String) driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                const add = EventTarget.prototype.addEventListener;
                EventSource.prototype.addEventListener = function (type, ...rest) {
                  window.__es = this;
                  if (type !== 'retract') add.call(this, type, ...rest);
                };""")).get("identifier");
        try {
            open("/?transport=direct");
            awaitCount(100);
            driver().findElement(By.id("load-older")).click();
            awaitCount(150);
            long gone = ids.get(10); // below the newest page, which alone reconcile used to judge
            HttpResponse<String> res = herald.delete("/notifications/" + gone);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(shownIds()).contains(gone);

            driver().executeScript("window.__es.onerror()"); // the stream drops; the page reconnects
            wait(WAIT).withMessage(() -> "still shown: " + gone).until(d -> !shownIds().contains(gone));
            List<Long> rest = new ArrayList<>(ids);
            rest.remove(gone);
            assertThat(shownIds()).isEqualTo(newestFirst(rest));
        } finally {
            driver().executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
        }
    }

    private List<Long> publishMany(int count) {
        Hub hub = herald.server().hub();
        Instant now = Instant.now();
        return hub.publishAll(IntStream.rangeClosed(1, count).mapToObj(i -> new NotificationRequest(
                        "note " + i, "Note " + i, Level.INFO, List.of("all"), List.of(), null, null, List.of())
                        .toDraft(now)).toList())
                .stream().map(p -> p.event().id()).toList();
    }

    private static List<Long> newestFirst(List<Long> ids) {
        return ids.reversed();
    }

    private static void awaitCount(int count) {
        wait(WAIT).withMessage(() -> "expected " + count + " shown, got " + shownIds().size()
                        + "; console:\n" + chromium.console())
                .until(d -> shownIds().size() == count);
    }

    private static void saveBottomScreenshot(String name) {
        driver().executeScript("window.scrollTo(0, document.body.scrollHeight)");
        saveScreenshot(name);
    }
}
