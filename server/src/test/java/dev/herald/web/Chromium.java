package dev.herald.web;

import dev.herald.support.TempDirs;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven through /usr/bin/chromedriver, with a fresh profile. Nothing is
 * downloaded (no Selenium Manager). Missing browser: the test is skipped loudly, or fails on CI.
 */
public final class Chromium implements AutoCloseable {
    // Debian's paths; HERALD_CHROMIUM / HERALD_CHROMEDRIVER point elsewhere (other distributions).
    static final String BROWSER = env("HERALD_CHROMIUM", "/usr/bin/chromium");
    static final String DRIVER = env("HERALD_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium with a window of the given size, or skips/fails when it is not installed. */
    public static Chromium start(int width, int height) {
        requireInstalled();
        System.setProperty("SE_OFFLINE", "true");
        Path profile = TempDirs.create("herald-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--hide-scrollbars", "--force-device-scale-factor=1",
                // Background tabs must keep their timers running: ten tabs are tested at once.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                // A new item fades in from opacity 0, and Selenium's getText() is "" for an invisible
                // element: without this a check right after it arrives flaked (CI, stop 16).
                "--force-prefers-reduced-motion");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Chromium(driver, profile);
    }

    static void requireInstalled() {
        boolean present = new File(BROWSER).canExecute() && new File(DRIVER).canExecute();
        if (present) {
            return;
        }
        String why = "Chromium web-client tests need " + BROWSER + " and " + DRIVER
                + " (apt-get install chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + why);
        }
        System.err.println("\n*** SKIPPED: " + why + " ***\n");
        Assumptions.abort("SKIPPED: " + why);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The browser console so far: attached to failures to show what the page said. */
    public String console() {
        StringBuilder sb = new StringBuilder();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            sb.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TempDirs.delete(profile);
        }
    }
}
