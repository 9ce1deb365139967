package dev.herald.admin.ui.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl+Enter held a little long (an operator's hour, twenty-fourth session): the key repeats, the first
 * press sends, the form empties, and a repeat arriving after the answer put "Message is required" in red
 * under "Sent #7 to 0 recipients". Send on the emptied form, untouched since the answer, does nothing.
 */
class SendAgainTest {
    private final LiveHerald herald = LiveHerald.start();
    private final HeraldClient client = new HeraldClient(herald.uri(), "");
    private final UiThread ui = new UiThread();
    private final ComposeViewModel compose = new ComposeViewModel(ui);

    @AfterEach
    void tearDown() {
        ui.close();
        client.close();
        herald.close();
    }

    @Test
    void sendAgainOnTheEmptiedFormKeepsTheAnswerAndSaysNothingElse() throws Exception {
        JsonNode stats = client.stats().get(20, TimeUnit.SECONDS);
        ui.run(() -> {
            compose.connected(client, stats);
            compose.messageProperty().set("Deploy done");
            compose.send();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> ui.call(() -> compose.resultProperty().get()).startsWith("Sent #"));
        String sent = ui.call(() -> compose.resultProperty().get());

        ui.run(compose::send); // the key's repeat

        assertThat(ui.call(() -> compose.errorProperty().get())).isEmpty();
        assertThat(ui.call(() -> compose.resultProperty().get())).isEqualTo(sent);
        assertThat(ui.call(() -> compose.sendingProperty().get())).isFalse();

        // Once the operator starts a new draft, Send on an empty message says why again.
        ui.run(() -> {
            compose.titleProperty().set("t");
            compose.send();
        });
        assertThat(ui.call(() -> compose.errorProperty().get())).isEqualTo("Message is required");
    }
}
