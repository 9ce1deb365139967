package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What Chromium's accessibility tree tells a screen reader, and the page's contrast in light and dark. */
class WebAccessibleTreeTest extends BrowserTest {

    private void publishOfEveryLevel() {
        publish("{\"message\":\"plain info\"}");
        publish("{\"message\":\"ok\",\"title\":\"Deploy done\",\"level\":\"success\",\"url\":\"https://x.example/1\",\"tags\":[\"prod\"]}");
        publish("{\"message\":\"disk 91%\",\"level\":\"warning\",\"topic\":\"ops\"}");
        awaitShown(publish("{\"message\":\"down\",\"level\":\"error\",\"topic\":\"ops\"}"), WAIT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theListIsANamedListAndEveryControlHasAName() {
        open("/?topic=ops&topic=ci");
        publishOfEveryLevel();
        var notes = driver().findElement(By.id("notes"));
        assertThat(notes.getAriaRole()).isEqualTo("list");
        // The skip link lands on it: "Notifications, list, 4 items" rather than an unnamed list.
        assertThat(notes.getAccessibleName()).isEqualTo("Notifications");

        List<String> unnamed = new ArrayList<>();
        int controls = 0;
        Map<String, Object> tree = driver().executeCdpCommand("Accessibility.getFullAXTree", Map.of());
        for (Map<String, Object> node : (List<Map<String, Object>>) tree.get("nodes")) {
            String role = String.valueOf(((Map<String, Object>) node.get("role")).get("value"));
            if (Boolean.TRUE.equals(node.get("ignored")) || !List.of("button", "link", "textbox", "list", "article").contains(role)) {
                continue;
            }
            controls++;
            Object name = node.get("name") == null ? null : ((Map<String, Object>) node.get("name")).get("value");
            if (name == null || String.valueOf(name).isBlank()) {
                unnamed.add(role + " " + node.get("backendDOMNodeId"));
            }
        }
        assertThat(controls).as("buttons, links, fields, lists and cards in the tree").isGreaterThan(10);
        assertThat(unnamed).as("without a name").isEmpty();
    }

    /** Every visible text against what is behind it, WCAG 2 (4.5:1, 3:1 large), in every state of the status chip. */
    @Test
    @SuppressWarnings("unchecked")
    void textAndStateColoursKeepTheirContrastInLightAndDark() throws IOException {
        open("/?topic=ops&topic=ci");
        publishOfEveryLevel();
        String contrast;
        try (InputStream in = getClass().getResourceAsStream("/web/contrast.js")) {
            contrast = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The boxes and lines that are usually hidden, shown with some text.
        driver().executeScript("""
                for (const id of ['retry', 'gap', 'history-error', 'new-bar', 'token-line', 'backfill-note', 'backfill-retry', 'denied', 'refused'])
                  document.getElementById(id).hidden = false;
                document.getElementById('history-error').textContent = 'Could not load the list: HTTP 503';
                document.querySelector('#new-bar .label').textContent = '5 new notifications — show';
                document.getElementById('backfill-text').textContent = 'Could not load what #ops missed';
                document.getElementById('refused-list').textContent = '#ops: private';
                document.querySelector('#notes li').classList.add('expired');""");
        List<String> low = new ArrayList<>();
        int checked = 0;
        for (String scheme : List.of("light", "dark")) {
            driver().executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            for (String state : List.of("connecting", "live", "reconnecting", "offline", "denied")) {
                driver().executeScript("document.getElementById('status').dataset.state = arguments[0]", state);
                for (Map<String, Object> t : (List<Map<String, Object>>) driver().executeScript(contrast)) {
                    checked++;
                    if (((Number) t.get("ratio")).doubleValue() < ((Number) t.get("need")).doubleValue()) {
                        low.add(scheme + " " + state + " " + t);
                    }
                }
            }
            saveScreenshot("web-contrast-" + scheme + ".png");
        }
        driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        assertThat(checked).as("texts measured").isGreaterThan(100);
        assertThat(low).as("below WCAG AA").isEmpty();
    }
}
