package dev.herald.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic the shared stream left out and carries later (unlocked by another tab's token, or room
 * made under the 32-topic cap): what was published for it meanwhile shows up in its place. Before,
 * the stream resumed after its own last id and the tab had a silent hole in its list.
 */
class WebLateTopicTest extends BrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTopicUnlockedByAnotherTabsTokenBringsWhatWasPublishedForItMeanwhile() throws Exception {
        herald.close();
        herald = TestHerald.start(Map.of("herald.auth.private", "user.*"));
        HttpResponse<String> minted = herald.post("/admin/tokens", "application/json",
                "{\"user\":\"alice\",\"topics\":[\"user.*\"],\"ttl\":3600}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        String token = JSON.readTree(minted.body()).get("token").asText();

        open("/?topic=user.alice"); // no token: the topic is left out, and the page says so
        String first = driver().getWindowHandle();
        wait(WAIT).until(d -> refusedShown());
        long a = publish("{\"message\":\"broadcast A\"}");
        long b = publish("{\"message\":\"for alice B\",\"topic\":\"user.alice\"}");
        long c = publish("{\"message\":\"broadcast C\"}");
        awaitShown(c, WAIT);
        assertThat(shownIds()).containsExactly(c, a);

        openTab("/?token=" + token + "&topic=user.alice"); // the cookie is the browser's: the shared stream takes the topic
        wait(WAIT).until(d -> !refusedShown());
        long d = publish("{\"message\":\"for alice D\",\"topic\":\"user.alice\"}");
        awaitShown(d, WAIT);
        assertThat(shownIds()).containsExactly(d, c, b, a);

        to().window(first);
        awaitShown(d, WAIT);
        wait(WAIT).withMessage(() -> "shown: " + shownIds()).until(x -> shownIds().size() == 4);
        assertThat(shownIds()).as("B, published while the topic was left out, in its place").containsExactly(d, c, b, a);
        assertThat(refusedShown()).isFalse();
    }

    @Test
    void aTopicLeftOutOverTheCapBringsWhatWasPublishedForItOnceAnotherTabCloses() throws Exception {
        String many = IntStream.range(0, 31).mapToObj(i -> "topic=a" + i).collect(Collectors.joining("&"));
        open("/?" + many); // all + 31: the stream is full
        String crowded = driver().getWindowHandle();
        String late = openTab("/?topic=b1&topic=b2&topic=a1");
        wait(WAIT).until(d -> refusedShown());
        assertThat(driver().findElement(By.id("refused-list")).getText()).contains("#b1").contains("#b2");

        long forB1 = publish("{\"message\":\"b1 news\",\"topic\":\"b1\"}");
        long forA1 = publish("{\"message\":\"a1 news\",\"topic\":\"a1\"}");
        awaitShown(forA1, WAIT);
        assertThat(shownIds()).containsExactly(forA1);

        to().window(crowded);
        driver().close();
        to().window(late);
        wait(WAIT).until(d -> !refusedShown());
        awaitShown(forB1, WAIT);
        assertThat(shownIds()).containsExactly(forA1, forB1);
        long after = publish("{\"message\":\"b2 news\",\"topic\":\"b2\"}");
        awaitShown(after, WAIT);
        assertThat(shownIds()).containsExactly(after, forA1, forB1);
    }

    private static boolean refusedShown() {
        return driver().findElement(By.id("refused")).isDisplayed();
    }
}
