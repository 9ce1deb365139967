package dev.herald.web;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** How the page shows text: emoji kept whole where it is cut, a short link kept on one line. */
class WebTextTest extends BrowserTest {
    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // one emoji, 11 units

    private static String heading(long id) {
        return note(id).findElement(By.cssSelector(".title")).getDomProperty("textContent");
    }

    @Test
    void anUntitledHeadingIsCutBetweenEmojiNeverInsideOne() {
        open("/");
        // 78 letters, then an emoji (two UTF-16 units): the heading's 80th place falls inside it.
        String letters = "a".repeat(78);
        long cutInside = publish("{\"message\":\"" + letters + "\uD83D\uDE00 and more words after it\"}");
        // Fifty families are fifty characters to a reader (550 units): a heading whole, not cut and repeated below.
        String families = FAMILY.repeat(50);
        long short50 = publish("{\"message\":\"" + families + "\"}");
        awaitShown(short50, WAIT);
        awaitShown(cutInside, WAIT);

        // It was the 78 letters, half of the emoji (a lone surrogate, drawn as "�") and "…".
        assertThat(heading(cutInside)).isEqualTo(letters + "\uD83D\uDE00…");
        assertThat(heading(short50)).isEqualTo(families);
        assertThat(note(short50).findElements(By.cssSelector(".message"))).as("nothing below the heading").isEmpty();
    }

    @Test
    void aShortShareLinkStaysOnOneLine() {
        open("/");
        WebElement query = driver().findElement(By.id("share-query"));
        assertThat(query.getText()).isEqualTo("?topic=ops");
        // The line broke after "?": "?" ended one line and "topic=ops" began the next (1280 px wide).
        Object lines = driver().executeScript("return arguments[0].getClientRects().length", query);
        assertThat(((Number) lines).intValue()).as("line boxes of %s", query.getText()).isEqualTo(1);
    }
}
