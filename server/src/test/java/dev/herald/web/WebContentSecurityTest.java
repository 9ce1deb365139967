package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page under its Content-Security-Policy header (SecurityHeaders): the shared worker, the leader
 * fallback, desktop alerts and the new-bar's resize observer all work, and Chromium reports no violation.
 */
class WebContentSecurityTest extends BrowserTest {
    @Test
    void thePageWorksUnderItsPolicyAndTheBrowserReportsNoViolation() throws Exception {
        open("/");
        assertThat(driver().findElement(org.openqa.selenium.By.tagName("html")).getDomAttribute("data-transport")).isEqualTo("worker");
        allowDesktopAlerts();
        awaitShown(publish("{\"message\":\"through the shared worker\",\"title\":\"Deploy\",\"url\":\"/status\"}"), WAIT);

        openTab("/?transport=leader");
        long viaLeader = publish("{\"message\":\"through the leader\",\"level\":\"error\"}");
        awaitShown(viaLeader, WAIT);
        driver().manage().window().setSize(new Dimension(420, 800)); // the top bar wraps: its ResizeObserver sets --top-bar
        awaitShown(publish("{\"message\":\"after the resize\"}"), WAIT);
        driver().manage().window().setSize(new Dimension(1280, 900));

        String console = chromium.console();
        assertThat(console).as("browser console").doesNotContain("Content Security Policy").doesNotContain("Refused to");
    }
}
