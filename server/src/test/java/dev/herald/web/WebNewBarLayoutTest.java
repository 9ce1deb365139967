package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the "N new notifications — show" bar sits: just under the sticky top bar, however many rows that
 * takes. It sat at a fixed 104 px on phones (the top bar's height when it wraps to two rows), so at 360 px
 * with a one-row top bar a 47 px strip of the list showed between the two (twenty-first session).
 */
class WebNewBarLayoutTest extends BrowserTest {

    @Test
    void theBarSitsJustUnderTheTopBarWhateverItsHeight() throws Exception {
        herald.close();
        herald = Replays.fastServer(Map.of());
        Replays.publishMany(herald, 190, "Earlier");
        try {
            driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", 360, "height", 740, "deviceScaleFactor", 1, "mobile", true));
            open("/");
            wait(WAIT).until(d -> shownIds().size() == 100);
            driver().executeScript("window.scrollTo(0, 1200)");
            Replays.publishMany(herald, 150, "Later"); // past the cap of 200: they wait behind the bar
            wait(WAIT).until(d -> d.findElement(By.id("show-new")).isDisplayed());
            Map<String, Number> oneRow = underTheTopBar();
            saveScreenshot("web-new-bar-360.png");

            int port = herald.port();
            herald.close(); // "Reconnecting in 2 s" and Retry now: the top bar wraps to two rows
            wait(WAIT).until(d -> d.findElement(By.id("retry")).isDisplayed());
            Map<String, Number> twoRows = underTheTopBar();
            saveScreenshot("web-new-bar-360-two-rows.png");
            // Wide while still away: a server started again is a new log, whose reset takes the bar away.
            driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            Map<String, Number> wide = underTheTopBar();
            herald = dev.herald.support.TestHerald.start(Map.of("server.port", String.valueOf(port)));

            assertThat(oneRow.get("height").doubleValue()).as("one row at 360 px: %s", oneRow).isLessThan(70);
            assertThat(twoRows.get("height").doubleValue()).as("two rows at 360 px: %s", twoRows).isGreaterThan(80);
            for (Map<String, Number> m : List.of(oneRow, twoRows, wide)) {
                assertThat(m.get("gap").doubleValue()).as("from the top bar's bottom to the bar's button: %s", m)
                        .isBetween(0.0, 6.0);
            }
        } finally {
            driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** The top bar's height and the space between its bottom and the new bar's button (negative: under it). */
    @SuppressWarnings("unchecked")
    private static Map<String, Number> underTheTopBar() throws InterruptedException {
        Thread.sleep(200); // a resize settles
        return (Map<String, Number>) driver().executeScript("""
                const top = document.querySelector('.top').getBoundingClientRect();
                const bar = document.getElementById('show-new').getBoundingClientRect();
                return { height: top.height, gap: bar.top - top.bottom, width: innerWidth };""");
    }
}
