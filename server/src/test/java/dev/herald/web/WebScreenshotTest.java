package dev.herald.web;

import dev.herald.notify.Level;
import dev.herald.notify.NotificationRequest;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Screenshots of the page with realistic notifications (desktop, phone, dark) into
 * server/target/screenshots; with {@code -Dherald.screenshots.update=true} also into docs/images,
 * where the README shows web.png:
 * {@code mvn -pl server -am test -Dtest=WebScreenshotTest -Dherald.screenshots.update=true}
 */
class WebScreenshotTest {
    private static Chromium chromium;
    private static TestHerald herald;

    @BeforeAll
    static void start() {
        chromium = Chromium.start(1280, 860);
        herald = TestHerald.start(Map.of());
        Instant now = Instant.now();
        // Oldest first; times in the past so the page shows a realistic spread.
        publish(now.minus(Duration.ofHours(26)), Level.INFO, "Weekly report ready", "Traffic up 12% week over week.",
                List.of("all"), List.of("reports"), "https://example.com/reports/w47");
        publish(now.minus(Duration.ofHours(3)), Level.SUCCESS, "Backup completed", "Nightly backup of db-main: 42.7 GB in 18 min.",
                List.of("ops"), List.of("backup", "db-main"), null);
        publish(now.minus(Duration.ofMinutes(47)), Level.INFO, null, "Maintenance window tonight 22:00–23:00 UTC.",
                List.of("all"), List.of(), null);
        publish(now.minus(Duration.ofMinutes(12)), Level.WARNING, "Disk usage high", "/var on web-3 is 91% full.",
                List.of("ops"), List.of("web-3", "disk"), null);
        publish(now.minus(Duration.ofMinutes(2)), Level.SUCCESS, "Deploy finished", "api v2.4.1 is live in eu-west.",
                List.of("deploys"), List.of("api", "eu-west"), "https://ci.example.com/pipelines/981");
        publish(now.minus(Duration.ofSeconds(8)), Level.ERROR, "Payment webhook failing",
                "Stripe webhook returned 502 for 5 minutes. On-call has been paged.",
                List.of("ops"), List.of("payments", "p1"), "/runbooks/webhooks");
    }

    private static void publish(Instant at, Level level, String title, String message, List<String> topics,
                                List<String> tags, String url) {
        herald.server().hub().publish(new NotificationRequest(message, title, level, topics, tags, url, null, List.of())
                .toDraft(at));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void desktopPhoneAndDarkScreenshots() throws IOException {
        var d = chromium.driver();
        d.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        load();
        save("web.png");

        d.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        save("web-dark.png");

        d.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        d.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        load();
        assertThat(d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at phone width").isEqualTo(true);
        save("web-phone.png");

        // An empty page whose server went away: the indicator counts down to the next try.
        d.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        TestHerald gone = TestHerald.start(Map.of());
        d.get(gone.uri("/").toString());
        new WebDriverWait(d, Duration.ofSeconds(20)).until(x ->
                "live".equals(x.findElement(By.id("status")).getDomAttribute("data-state")));
        gone.close();
        new WebDriverWait(d, Duration.ofSeconds(20)).until(x ->
                x.findElement(By.cssSelector("#status .status-text")).getText().matches("Reconnecting in \\d+ s"));
        save("web-reconnecting.png");

        try (TestHerald closed = TestHerald.start(Map.of("herald.auth.anonymous", "false"))) {
            d.get(closed.uri("/").toString());
            new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.findElement(By.id("denied")).isDisplayed());
            save("web-denied.png");
        }
    }

    // The bar of arrivals held back while scrolled down, and the notice of a late topic's backfill that
    // keeps failing (the page's fetch of it answers 503), light and dark: for a look, not for docs.
    @Test
    void catchUpBarAndBackfillNotice() throws Exception {
        var d = chromium.driver();
        try (TestHerald h = TestHerald.start(Map.of("herald.auth.private", "user.*",
                "herald.limits.publish.rate", "100000", "herald.limits.publish.burst", "1000"))) {
            var minted = h.post("/admin/tokens", "application/json", "{\"user\":\"alice\",\"topics\":[\"user.*\"],\"ttl\":3600}");
            String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(minted.body()).get("token").asText();
            Instant now = Instant.now();
            for (int i = 0; i < 20; i++) {
                h.server().hub().publish(new NotificationRequest("Pipeline " + (900 + i) + " passed on main.", "Build green",
                        Level.SUCCESS, List.of("all"), List.of("ci"), null, null, List.of()).toDraft(now.minus(Duration.ofMinutes(40 - i))));
            }
            d.get(h.uri("/?topic=user.alice").toString());
            new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.findElement(By.id("refused")).isDisplayed()
                    && x.findElements(By.cssSelector("#notes > li")).size() == 20);
            d.executeScript("""
                    const real = window.fetch;
                    window.fetch = (url, o) => String(url).startsWith('/notifications') && !String(url).includes('topic=all')
                      ? Promise.resolve(new Response('{"error":"store_unavailable","detail":"the store is busy"}',
                          { status: 503, headers: { 'Content-Type': 'application/json' } }))
                      : real(url, o);
                    window.scrollTo(0, 5);""");
            String burst = java.util.stream.IntStream.range(0, 250)
                    .mapToObj(i -> "{\"title\":\"Deploy " + i + "\",\"message\":\"api rolled out\",\"level\":\"info\"}")
                    .collect(java.util.stream.Collectors.joining(",", "[", "]"));
            assertThat(h.post("/notify/batch", "application/json", burst).statusCode()).isEqualTo(202);
            new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.findElement(By.id("show-new")).isDisplayed());

            String page = d.getWindowHandle();
            d.switchTo().newWindow(org.openqa.selenium.WindowType.TAB).get(h.uri("/?token=" + token + "&topic=user.alice").toString());
            d.close();
            d.switchTo().window(page);
            new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.findElement(By.id("backfill-note")).isDisplayed());
            for (String scheme : List.of("light", "dark")) {
                d.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                        List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
                save("web-catch-up-bar" + (scheme.equals("dark") ? "-dark" : "") + ".png");
            }
        } finally {
            d.manage().deleteAllCookies(); // the token cookie is per host, not per port: the other test's server would refuse it
        }
    }

    private static void load() {
        var d = chromium.driver();
        d.get(herald.uri("/?topic=ops&topic=deploys").toString());
        new WebDriverWait(d, Duration.ofSeconds(20)).until(x ->
                "live".equals(x.findElement(By.id("status")).getDomAttribute("data-state"))
                        && x.findElements(By.cssSelector("#notes > li")).size() == 6);
    }

    private static void save(String name) throws IOException {
        byte[] png = chromium.driver().getScreenshotAs(OutputType.BYTES);
        assertThat(png.length).as(name).isGreaterThan(10_000);
        Path root = projectRoot();
        Path out = root.resolve("server/target/screenshots").resolve(name);
        Files.createDirectories(out.getParent());
        Files.write(out, png);
        if (Boolean.getBoolean("herald.screenshots.update") && name.matches("web(-dark|-phone)?\\.png")) {
            Path docs = root.resolve("docs/images").resolve(name);
            Files.createDirectories(docs.getParent());
            Files.copy(out, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("herald"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }
}
