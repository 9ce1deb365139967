package dev.herald.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.support.TestHerald;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server refuses (a private topic, too many topics, a bad token) is said in the tab that
 * asked for it, and never takes the shared stream away from the other tabs.
 */
class WebRefusalTest extends BrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private void startWithPrivateTopics() {
        herald.close();
        herald = TestHerald.start(Map.of("herald.auth.private", "user.*"));
    }

    /** The topics of each stream the server holds (one per browser, so normally one entry). */
    private List<List<String>> streams() throws Exception {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode c : JSON.readTree(herald.get("/admin/clients").body()).get("clients")) {
            List<String> topics = new ArrayList<>();
            c.get("topics").forEach(t -> topics.add(t.asText()));
            out.add(topics);
        }
        return out;
    }

    private static String text(String css) {
        return driver().findElement(By.cssSelector(css)).getText();
    }

    private static boolean shown(String id) {
        return driver().findElement(By.id(id)).isDisplayed();
    }

    @Test
    void aTabAskingForAPrivateTopicIsToldWhyAndTheOtherTabsStayLive() throws Exception {
        startWithPrivateTopics();
        open("/?topic=ops");
        String innocent = driver().getWindowHandle();
        String asking = openTab("/?topic=user.bob&topic=deploys");

        wait(WAIT).until(d -> shown("refused"));
        assertThat(text("#refused-list")).contains("#user.bob").contains("private");
        assertThat(driver().findElement(By.cssSelector("#topic-list .chip.refused")).getText()).contains("user.bob");
        // In the error colour, as the notice about it, not in the accent of the topics that are live.
        assertThat(driver().executeScript("""
                const chip = getComputedStyle(document.querySelector('#topic-list .chip.refused'));
                const live = getComputedStyle(document.querySelector('#topic-list .chip:not(.refused)'));
                const notice = getComputedStyle(document.getElementById('refused'));
                return [chip.color === notice.color, chip.borderTopColor === notice.color, chip.color !== live.color];"""))
                .as("the refused chip's colour, border colour, and that it differs from a live chip's")
                .isEqualTo(List.of(true, true, true));
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(streams()).singleElement().satisfies(t ->
                        assertThat(t).contains("all", "ops", "deploys").doesNotContain("user.bob")));

        long broadcast = publish("{\"message\":\"to everyone\"}");
        long deploys = publish("{\"message\":\"v2 out\",\"topic\":\"deploys\"}");
        awaitShown(deploys, WAIT);
        assertThat(shownIds()).contains(broadcast);
        to().window(innocent);
        awaitState("live");
        awaitShown(broadcast, WAIT);
        assertThat(shown("refused")).as("the other tab's problem is not shown here").isFalse();

        // The asking tab drops the topic: its notice goes, the stream stays one and live.
        to().window(asking);
        driver().findElement(By.cssSelector("#topic-list .chip.refused .chip-remove")).click();
        wait(WAIT).until(d -> !shown("refused"));
        long ops = publish("{\"message\":\"disk 91%\",\"topic\":\"ops\"}");
        to().window(innocent);
        awaitShown(ops, WAIT);
        assertThat(streams()).hasSize(1);
    }

    @Test
    void closingTheTabWithTheRefusedTopicShrinksTheStream() throws Exception {
        startWithPrivateTopics();
        open("/");
        String innocent = driver().getWindowHandle();
        openTab("/?topic=user.bob");
        wait(WAIT).until(d -> shown("refused"));
        driver().close();
        to().window(innocent);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(streams()).containsExactly(List.of("all")));
        long id = publish("{\"message\":\"still here\"}");
        awaitShown(id, WAIT);
        assertThat(driver().findElement(By.id("status")).getDomAttribute("data-state")).isEqualTo("live");
    }

    @Test
    void tabsAskingForMoreTopicsThanOneStreamTakesLeaveTheNewestTabsExtraOut() throws Exception {
        String a = IntStream.range(0, 16).mapToObj(i -> "topic=a" + i).collect(Collectors.joining("&"));
        String b = IntStream.range(0, 16).mapToObj(i -> "topic=b" + i).collect(Collectors.joining("&"));
        open("/?" + a);
        String first = driver().getWindowHandle();
        openTab("/?" + b);
        // all + 16 + 16 = 33 > 32: the newest tab's last topic does not fit.
        wait(WAIT).until(d -> shown("refused"));
        assertThat(text("#refused-list")).contains("#b15").contains("more than 32 topics");
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(streams()).singleElement().satisfies(t -> assertThat(t).hasSize(32).doesNotContain("b15")));
        long forB = publish("{\"message\":\"b0 news\",\"topic\":\"b0\"}");
        awaitShown(forB, WAIT);
        to().window(first);
        long forA = publish("{\"message\":\"a15 news\",\"topic\":\"a15\"}");
        awaitShown(forA, WAIT);
        assertThat(shown("refused")).isFalse();
    }

    @Test
    void aRefusedTokenIsExplainedAndCanBeForgotten() {
        long id = publish("{\"message\":\"public news\"}");
        driver().get(herald.uri("/?token=garbage").toString());
        awaitState("denied");
        assertThat(text("#denied-title")).isEqualTo("Your subscriber token was not accepted.");
        assertThat(text("#denied-detail")).isNotBlank();
        assertThat(text("#status .status-text")).isEqualTo("Not allowed");
        assertThat(shown("retry")).isTrue();
        assertThat(text("#denied")).contains("or use Forget token to see public topics.");

        driver().findElement(By.id("forget-token")).click();
        awaitState("live");
        awaitShown(id, WAIT);
        assertThat(shown("denied")).isFalse();
        assertThat(shown("token-line")).isFalse();
        assertThat(driver().manage().getCookieNamed("herald_token")).isNull();
    }

    @Test
    void withoutANeededTokenThePageSaysWhyInsteadOfRetrying() {
        herald.close();
        herald = TestHerald.start(Map.of("herald.auth.anonymous", "false"));
        driver().get(herald.uri("/").toString());
        awaitState("denied");
        assertThat(text("#denied-title")).isEqualTo("This server needs a subscriber token.");
        assertThat(text("#denied-detail")).contains("subscriber token");
        assertThat(shown("token-line")).as("no token in use, nothing to forget").isFalse();

        // A bad token here: forgetting it would be refused too, so the page does not offer that.
        driver().get(herald.uri("/?token=garbage").toString());
        awaitState("denied");
        assertThat(text("#denied-title")).isEqualTo("Your subscriber token was not accepted.");
        assertThat(text("#denied")).contains("Ask an operator for a new link.").doesNotContain("public topics");
    }

    @Test
    void theTopicFormKeepsToTheServersLimitAndNamesWhatItRefuses() {
        open("/?topic=ops");
        String url = driver().getCurrentUrl();
        String thirtyOne = IntStream.range(0, 31).mapToObj(i -> "x" + i).collect(Collectors.joining(","));
        driver().findElement(By.id("topic-input")).sendKeys(thirtyOne + "\n");
        assertThat(text("#topic-error")).contains("Up to 31 topics");
        assertThat(driver().findElement(By.id("topic-input")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver().getCurrentUrl()).isEqualTo(url);
        assertThat(driver().findElements(By.cssSelector("#topic-list > li"))).hasSize(1);

        clearAndType("ops, bad name");
        assertThat(text("#topic-error")).contains("“bad name”");
        assertThat(driver().getCurrentUrl()).as("nothing subscribed from a half-bad entry").isEqualTo(url);

        clearAndType("all");
        assertThat(text("#topic-error")).contains("always arrive");

        clearAndType("#deploys");
        wait(WAIT).until(d -> d.getCurrentUrl().endsWith("topic=ops&topic=deploys"));
        assertThat(text("#topic-error")).isEmpty();
        awaitState("live");

        // A topic already there changes nothing: the list (and pages loaded into it) stays.
        long id = publish("{\"message\":\"disk 91%\",\"topic\":\"ops\"}");
        awaitShown(id, WAIT);
        driver().executeScript("document.querySelector('#notes li').dataset.kept = 'yes'");
        clearAndType("ops");
        assertThat(text("#topic-error")).isEqualTo("Already subscribed to #ops.");
        assertThat(driver().findElement(By.cssSelector("#notes li")).getDomAttribute("data-kept")).isEqualTo("yes");
        assertThat(driver().getCurrentUrl()).endsWith("topic=ops&topic=deploys");
    }

    @Test
    void aLinkWithNamesThatAreNotTopicsSaysWhichWereLeftOut() {
        open("/?topic=bad%20topic&topic=ops/x&topic=fine");
        wait(WAIT).until(d -> !text("#topic-error").isEmpty());
        assertThat(text("#topic-error")).contains("Not topic names").contains("\"bad topic\"").contains("\"ops/x\"");
        assertThat(driver().findElements(By.cssSelector("#topic-list > li"))).singleElement()
                .satisfies(li -> assertThat(li.getText()).contains("#fine"));
        awaitState("live");
    }

    // A subscriber token for alice's private topic, minted by the local operator.
    private String aliceToken() throws Exception {
        HttpResponse<String> minted = herald.post("/admin/tokens", "application/json",
                "{\"user\":\"alice\",\"topics\":[\"user.alice\"],\"ttl\":3600}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        return JSON.readTree(minted.body()).get("token").asText();
    }

    @Test
    void aTokenLinkOpenedInTheSameTabUnlocksATopicRefusedBefore() throws Exception {
        startWithPrivateTopics();
        String token = aliceToken();
        open("/?topic=user.alice");
        wait(WAIT).until(d -> shown("refused"));
        // The same tab follows the link it was sent (the shared worker may outlive the page meanwhile).
        driver().get(herald.uri("/?topic=user.alice&token=" + token).toString());
        wait(WAIT).until(d -> !shown("refused"));
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(streams()).singleElement().satisfies(t -> assertThat(t).contains("user.alice")));
        long id = publish("{\"message\":\"for alice\",\"topic\":\"user.alice\"}");
        awaitShown(id, WAIT);
        driver().manage().deleteCookieNamed("herald_token");
    }

    @Test
    void theTokenLineFollowsATokenBroughtOrForgottenInAnotherTab() throws Exception {
        startWithPrivateTopics();
        String token = aliceToken();
        open("/?topic=user.alice");
        String without = driver().getWindowHandle();
        wait(WAIT).until(d -> shown("refused"));
        assertThat(shown("token-line")).isFalse();

        // Another tab brings the token: the shared stream takes the topic, and this tab uses the token too.
        String with = openTab("/?topic=user.alice&token=" + token);
        to().window(without);
        wait(WAIT).until(d -> !shown("refused"));
        wait(WAIT).withMessage("the first tab never said it uses the token the other brought").until(d -> shown("token-line"));

        // Forgotten there: this tab must not keep offering to forget a token that is gone (it said both
        // "Using a subscriber token" and that the topic needs one).
        to().window(with);
        driver().findElement(By.id("forget-token")).click();
        to().window(without);
        wait(WAIT).until(d -> shown("refused"));
        wait(WAIT).withMessage("the first tab still says it uses the token forgotten in the other").until(d -> !shown("token-line"));
    }

    @Test
    void aHistoryAnswerThatIsNotOkIsShownNotAnEmptyList() {
        open("/");
        // Stands in for any failing /notifications (a store outage, a limit): the page must say so.
        driver().executeScript("""
                const real = window.fetch;
                window.fetch = (url, o) => String(url).startsWith('/notifications')
                  ? Promise.resolve(new Response('{"error":"store_unavailable","detail":"the store is down"}',
                      { status: 503, headers: { 'Content-Type': 'application/json' } }))
                  : real(url, o);""");
        driver().findElement(By.id("topic-input")).sendKeys("ops\n");
        wait(WAIT).until(d -> shown("history-error"));
        assertThat(text("#history-error")).isEqualTo("Could not load the list: the store is down");
    }

    private static void clearAndType(String text) {
        var input = driver().findElement(By.id("topic-input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text + "\n");
    }
}
