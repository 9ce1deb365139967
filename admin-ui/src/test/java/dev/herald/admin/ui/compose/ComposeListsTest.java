package dev.herald.admin.ui.compose;

import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.NotificationDraft;
import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Users, tags and topics in the compose form: commas separate, spaces belong to the entry. */
class ComposeListsTest {
    private final UiThread ui = new UiThread();
    private final ComposeViewModel compose = new ComposeViewModel(ui);

    @AfterEach
    void tearDown() {
        ui.close();
    }

    @Test
    void onlyCommasSeparateAndEachEntryIsStripped() {
        assertThat(DraftValidator.split(" jane doe ,bob,, bob , ")).containsExactly("jane doe", "bob");
        assertThat(DraftValidator.split("")).isEmpty();
    }

    @Test
    void editAndResendKeepsAUserAndATagWithSpaces() {
        NotificationDraft stored = new NotificationDraft("for jane doe", null, "info", List.of("all"),
                List.of("two words", "ci"), null, null, List.of("jane doe", "bob"));
        ui.run(() -> {
            compose.connected(new HeraldClient(java.net.URI.create("http://127.0.0.1:9"), ""),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
            compose.load(stored);
        });
        NotificationDraft draft = ui.call(compose::draft);
        assertThat(draft.users()).containsExactly("jane doe", "bob");
        assertThat(draft.tags()).containsExactly("two words", "ci");
        assertThat(draft.topics()).isEmpty();
        assertThat(ui.call(() -> compose.problemProperty().get())).isEmpty();
    }

    @Test
    void aTopicWithASpaceIsReportedWholeNotSplit() {
        ui.run(() -> {
            compose.messageProperty().set("ok");
            compose.everyoneProperty().set(false);
            compose.topicsProperty().set("deploys, bad topic!");
        });
        assertThat(ui.call(() -> compose.draft().topics())).containsExactly("deploys", "bad topic!");
        assertThat(ui.call(() -> compose.problemProperty().get())).startsWith("Topic \"bad topic!\"");
        assertThat(DraftValidator.isTopic("bad topic!")).isFalse();
        assertThat(DraftValidator.isTopic("deploys")).isTrue();
    }

    @Test
    void usersFollowTheServersRule() {
        assertThat(DraftValidator.usersProblem(List.of("jane doe", "alice"))).isNull();
        assertThat(DraftValidator.usersProblem(List.of("u".repeat(129)))).startsWith("User \"uuu");
        assertThat(DraftValidator.usersProblem(List.of("tab\tin"))).contains("control characters");
        // Unicode spaces at either end, which strip() of a typed entry already removes, are refused too.
        assertThat(DraftValidator.usersProblem(List.of("\u2003jane"))).contains("spaces at either end");
    }

    @Test
    void theServerStoresTheUserWithASpaceAsOneUser() throws Exception {
        try (LiveHerald herald = LiveHerald.start()) {
            HeraldClient api = new HeraldClient(herald.uri(), "");
            ui.run(() -> compose.load(new NotificationDraft("for jane doe", null, "info", List.of(), List.of("two words"),
                    null, null, List.of("jane doe"))));
            long id = api.send(ui.call(compose::draft)).get(20, TimeUnit.SECONDS).id();
            NotificationDraft stored = NotificationDraft.of(api.notification(id).get(20, TimeUnit.SECONDS)
                    .path("notification"));
            assertThat(stored.users()).containsExactly("jane doe");
            assertThat(stored.tags()).containsExactly("two words");
        }
    }
}
