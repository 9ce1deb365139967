package dev.herald.admin.ui.compose;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** What the compose form says and allows as the draft and the connection change (no server needed). */
class ComposeFeedbackTest {
    private final UiThread ui = new UiThread();
    private final ComposeViewModel compose = new ComposeViewModel(ui, Clock.system(ZoneOffset.UTC));
    // Never called: connected() only hands the view model the client it would send with.
    private final HeraldClient client = new HeraldClient(URI.create("http://127.0.0.1:9"), "");

    @AfterEach
    void tearDown() {
        ui.close();
    }

    private void connected() {
        compose.connected(client, JsonNodeFactory.instance.objectNode());
    }

    private String problem() {
        return ui.call(() -> compose.problemProperty().get());
    }

    private String error() {
        return ui.call(() -> compose.errorProperty().get());
    }

    @Test
    void sendFollowsTheConnectionAndSaysWhyItIsOff() {
        // Never connected: the reason shows even before anything is typed.
        assertThat(problem()).startsWith("Not connected to a server");
        ui.run(() -> compose.messageProperty().set("hello"));
        assertThat(ui.call(() -> compose.canSendProperty().get())).isFalse();

        ui.run(this::connected);
        assertThat(problem()).isEmpty();
        assertThat(ui.call(() -> compose.canSendProperty().get())).isTrue();

        ui.run(() -> compose.connectionLost("reconnecting…"));
        assertThat(problem()).isEqualTo("Not connected to the server (reconnecting…)");
        assertThat(ui.call(() -> compose.canSendProperty().get())).isFalse();
        // A draft problem comes first: it is what the operator can fix meanwhile.
        ui.run(() -> compose.ttlProperty().set("0"));
        assertThat(problem()).startsWith("TTL");
    }

    // An operator's hour (twenty-fourth session): the app started with a token the server no longer takes;
    // the status bar said "Authentication failed" and Compose "Not connected to a server (Connect… in the
    // header)", as if none had been chosen.
    @Test
    void aRefusedTokenAtStartIsTheReasonGiven() {
        ui.run(() -> compose.connectionLost("connecting…"));
        ui.run(() -> compose.connectionLost("the operator token was refused"));
        assertThat(problem()).isEqualTo("Not connected to the server (the operator token was refused)");
        ui.run(() -> compose.connectionLost("not connected")); // disconnected: no server chosen
        assertThat(problem()).startsWith("Not connected to a server (Connect…");
    }

    @Test
    void anErrorGoesOnceTheDraftChangesOrTheConnectionReturns() {
        ui.run(this::connected);
        ui.run(compose::send); // empty: the problem line is quiet, so the error says it
        assertThat(error()).isEqualTo("Message is required");
        ui.run(() -> compose.messageProperty().set("now with a message"));
        assertThat(error()).isEmpty();

        ui.run(() -> compose.messageProperty().set(""));
        ui.run(() -> compose.connectionLost("reconnecting…"));
        ui.run(() -> compose.messageProperty().set("x"));
        ui.run(compose::send);
        // Shown once, in the problem line, not again as an error.
        assertThat(problem()).startsWith("Not connected");
        assertThat(error()).isEmpty();

        ui.run(compose::clear);
        ui.run(compose::send);
        assertThat(problem()).startsWith("Not connected");
        ui.run(this::connected);
        assertThat(error()).isEmpty();
        assertThat(problem()).isEmpty();
    }

    @Test
    void clearStartsANewDraftIncludingAudienceLevelAndSchedule() {
        ui.run(() -> {
            compose.messageProperty().set("m");
            compose.levelProperty().set("error");
            compose.everyoneProperty().set(false);
            compose.topicsProperty().set("ops");
            compose.schedule().laterProperty().set(true);
            compose.schedule().timeProperty().set("09:30");
            compose.clear();
        });
        assertThat(ui.call(compose::draft)).satisfies(d -> {
            assertThat(d.message()).isEmpty();
            assertThat(d.level()).isEqualTo("info");
            assertThat(d.topics()).isEmpty();
        });
        assertThat(ui.call(() -> compose.everyoneProperty().get())).isTrue();
        assertThat(ui.call(() -> compose.schedule().laterProperty().get())).isFalse();
        assertThat(ui.call(() -> compose.schedule().timeProperty().get())).isEmpty();
    }
}
