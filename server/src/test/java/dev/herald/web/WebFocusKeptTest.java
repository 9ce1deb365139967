package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A keyboard or screen-reader user's focus stays in the list when the card it is on leaves it. */
class WebFocusKeptTest extends BrowserTest {

    /** The focused element: its tag and the id of the card it is in ("BODY " when focus was lost). */
    private static String focused() {
        return (String) driver().executeScript(
                "const e = document.activeElement; return e.tagName + ' ' + (e.closest('#notes > li')?.dataset.id ?? '')");
    }

    private List<Long> publishLinked(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(publish("{\"message\":\"build " + i + "\",\"url\":\"https://ci.example.com/" + i + "\"}"));
        }
        return ids;
    }

    @Test
    void focusOnAWithdrawnNotificationMovesToTheOneThatTookItsPlace() {
        List<Long> ids = publishLinked(20); // shown newest first: ids[9] follows ids[10]
        open("/");
        wait(WAIT).until(d -> shownIds().size() == 20);
        note(ids.get(10)).findElement(By.tagName("a")).sendKeys(""); // focus, as Tab would bring it
        assertThat(focused()).isEqualTo("A " + ids.get(10));

        assertThat(herald.delete("/notifications/" + ids.get(10)).statusCode()).isEqualTo(200);
        wait(WAIT).until(d -> !shownIds().contains(ids.get(10)));
        assertThat(focused()).as("focus after the card went (was BODY)").isEqualTo("ARTICLE " + ids.get(9));
        assertThat((Boolean) driver().executeScript("return document.activeElement.matches(':focus-visible')"))
                .as("the ring shows where focus went").isTrue();
        for (String scheme : List.of("light", "dark")) { // for a look at the ring on the card
            driver().executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            saveScreenshot("web-focus-kept-" + scheme + ".png");
        }
        driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    @Test
    void focusInACardTrimmedWhenWaitingArrivalsAreShownGoesToTheNewest() {
        publishLinked(30);
        open("/");
        wait(WAIT).until(d -> shownIds().size() == 30);
        WebElement link = driver().findElement(By.cssSelector("#notes > li:nth-child(20) a"));
        link.sendKeys("");
        long reading = Long.parseLong(focused().split(" ")[1]);
        String batch = IntStream.range(0, 250).mapToObj(i -> "{\"message\":\"burst " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(herald.post("/notify/batch", "application/json", batch).statusCode()).isEqualTo(202);
        wait(WAIT).until(d -> d.findElement(By.id("show-new")).isDisplayed());

        // Home scrolls to the top, which shows what waited; the trim keeps the newest 200 and drops the card read.
        new Actions(driver()).sendKeys(Keys.HOME).perform();
        wait(WAIT).until(d -> !shownIds().contains(reading));
        long newest = shownIds().getFirst();
        assertThat(focused()).as("focus after the card was trimmed (was BODY)").isEqualTo("ARTICLE " + newest);
        assertThat(((Number) driver().executeScript("return scrollY")).intValue()).as("still at the top").isZero();
    }
}
