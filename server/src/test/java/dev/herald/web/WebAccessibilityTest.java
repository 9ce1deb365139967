package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What keyboard, screen-reader and zoomed-in users meet: where focus lands, what is said, what fits. */
class WebAccessibilityTest extends BrowserTest {

    private static double number(String script) {
        return ((Number) driver().executeScript(script)).doubleValue();
    }

    @Test
    void focusMovedToANotificationLandsBelowTheStickyTopBar() {
        for (int i = 0; i < 30; i++) {
            publish("{\"message\":\"build " + i + "\",\"url\":\"https://ci.example.com/" + i + "\"}");
        }
        open("/");
        wait(WAIT).until(d -> shownIds().size() == 30);
        // A link partly under the bar (as after Tab reaches it from above): focusing it must bring it out.
        driver().executeScript("""
                const a = document.querySelector('#notes > li:nth-child(5) a');
                const bar = document.querySelector('.top').getBoundingClientRect().bottom;
                window.scrollBy(0, a.getBoundingClientRect().top - bar + 10);""");
        double before = number("return document.querySelector('#notes > li:nth-child(5) a').getBoundingClientRect().top");
        assertThat(before).as("set-up: the link starts under the bar")
                .isLessThan(number("return document.querySelector('.top').getBoundingClientRect().bottom"));
        driver().executeScript("document.querySelector('#notes > li:nth-child(5) a').focus()");
        double bar = number("return document.querySelector('.top').getBoundingClientRect().bottom");
        double link = number("return document.activeElement.getBoundingClientRect().top");
        assertThat(link).as("focused link top vs the top bar's bottom").isGreaterThanOrEqualTo(bar);
    }

    @Test
    void aPhoneAt320PixelsNeedsNoSidewaysScrolling() {
        driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 320, "height", 700, "deviceScaleFactor", 1, "mobile", true));
        try {
            open("/?topic=ci&topic=deploys");
            double wide = number("return document.documentElement.scrollWidth");
            double view = number("return document.documentElement.clientWidth");
            assertThat(wide).as("page width at 320 px").isLessThanOrEqualTo(view);
            assertThat(driver().findElement(By.id("share-query")).isDisplayed()).as("the link to share the view, on a phone too")
                    .isTrue();
        } finally {
            driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    void subscribingIsSaidAsSuchNotAsALostConnection() throws Exception {
        open("/");
        recordSaid();
        driver().findElement(By.id("topic-input")).sendKeys("ops", Keys.ENTER);
        wait(WAIT).until(d -> said().contains("Subscribed to #ops"));
        awaitState("live");
        long id = publish("{\"message\":\"disk 91%\",\"topic\":\"ops\"}");
        awaitShown(id, WAIT);
        // (the page's own "Connected, live" from loading may come just after the recording starts)
        List<String> all = said(); // read once: the page may say more meanwhile
        List<String> afterSubscribing = all.subList(all.indexOf("Subscribed to #ops"), all.size());
        assertThat(afterSubscribing).as("said: %s", all).doesNotContain("Connection lost, reconnecting", "Connected, live");
        assertThat(all).doesNotContain("Connection lost, reconnecting");

        driver().findElement(By.cssSelector("#topic-list .chip-remove")).click();
        wait(WAIT).until(d -> said().contains("Unsubscribed from #ops"));
    }

    @Test
    void aBurstOfNotificationsIsSaidAsOneLineAfterTheFirst() {
        open("/");
        recordSaid();
        String batch = IntStream.range(0, 20).mapToObj(i -> "{\"message\":\"burst " + i + "\",\"level\":\"warning\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(herald.post("/notify/batch", "application/json", batch).statusCode()).isEqualTo(202);
        wait(WAIT).until(d -> said().stream().anyMatch(s -> s.matches("\\d+ more new notifications\\. Latest: warning: burst 19")));
        List<String> arrivals = said().stream().filter(line -> line.contains("burst")).toList();
        assertThat(arrivals).as("said: %s", said()).hasSizeLessThanOrEqualTo(3).first().asString().startsWith("warning: burst");
    }

    @Test
    void aLongStreamOfNotificationsIsSaidLessAndLessOftenAndEveryOneIsCounted() {
        open("/");
        recordSaid();
        // One at a time for 10 s (about 200 on a busy machine): a line a second was ten lines, each seconds long.
        int published = 0;
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; published++) {
            publish("{\"message\":\"stream " + published + "\"}");
        }
        String last = "Latest: info: stream " + (published - 1);
        wait(Duration.ofSeconds(30)).withMessage(() -> "said: " + said()).until(d -> said().stream().anyMatch(s -> s.endsWith(last)));
        List<String> lines = said().stream().filter(line -> line.contains("stream")).toList();
        assertThat(lines).as("said: %s", lines).hasSizeLessThanOrEqualTo(5).first().isEqualTo("info: stream 0");
        int counted = lines.stream().mapToInt(line -> line.matches("\\d+ more .*") ? Integer.parseInt(line.split(" ")[0]) : 1).sum();
        assertThat(counted).as("notifications the lines count, of %d published: %s", published, lines).isEqualTo(published);
    }

    @Test
    void focusOnRetryNowIsNotLostWhenTheButtonGoes() {
        open("/");
        // Closed, not restarted: restart() returns with the server up, and the page was once live again
        // before the test saw it reconnecting (a flake, twenty-second session).
        int port = herald.port();
        herald.close();
        awaitState("reconnecting");
        driver().executeScript("document.getElementById('retry').focus()");
        // Up again: a scheduled retry that comes before the key takes the button away with focus on it too.
        herald = dev.herald.support.TestHerald.start(Map.of("server.port", String.valueOf(port)));
        driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitState("live");
        assertThat(driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("status");
    }
}
