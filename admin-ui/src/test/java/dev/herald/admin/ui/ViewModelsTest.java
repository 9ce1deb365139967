package dev.herald.admin.ui;

import dev.herald.admin.ui.clients.ClientRow;
import dev.herald.admin.ui.clients.ClientsViewModel;
import dev.herald.admin.ui.compose.ComposeViewModel;
import dev.herald.admin.ui.connection.ConnectionState;
import dev.herald.admin.ui.connection.ConnectionViewModel;
import dev.herald.admin.ui.dashboard.DashboardViewModel;
import dev.herald.admin.ui.history.HistoryViewModel;
import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.Subscriber;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** View models without a window, against a real server; a single thread stands in for the FX thread. */
class ViewModelsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private UiThread ui;
    private ConnectionViewModel connection;
    private DashboardViewModel dashboard;
    private ClientsViewModel clients;
    private ComposeViewModel compose;
    private HistoryViewModel history;

    @BeforeEach
    void setUp() {
        ui = new UiThread();
        connection = new ConnectionViewModel(ui);
        dashboard = new DashboardViewModel();
        clients = new ClientsViewModel(ui);
        compose = new ComposeViewModel(ui);
        history = new HistoryViewModel(ui);
        connection.addListener(dashboard);
        connection.addListener(clients);
        connection.addListener(compose);
        connection.addListener(history);
    }

    @AfterEach
    void tearDown() {
        ui.run(connection::close);
        ui.close();
    }

    private void connect(URI uri, String token) {
        ui.run(() -> connection.connect(uri, token));
    }

    private ConnectionState state() {
        return ui.call(() -> connection.stateProperty().get());
    }

    @Test
    void statsFeedFollowsRealClientsConnectingAndDisconnecting() throws Exception {
        try (LiveHerald herald = LiveHerald.start()) {
            connect(herald.uri(), "");
            await().atMost(WAIT).until(() -> state() == ConnectionState.CONNECTED);
            assertThat(ui.call(() -> dashboard.connectedProperty().get())).isZero();
            try (Subscriber a = herald.subscribe("ops");
                 Subscriber b = herald.subscribeAsUser("alice", "TestSubscriber/1.0", "ops", "news")) {
                await().atMost(WAIT).until(() -> ui.call(() -> dashboard.connectedProperty().get()) == 2);
                await().atMost(WAIT).until(() -> ui.call(() -> dashboard.users().stream()
                        .anyMatch(u -> u.user().equals("alice") && u.connections() == 1)));
                await().atMost(WAIT).until(() -> ui.call(() -> clients.clients().size()) == 2);
                await().atMost(WAIT).until(() -> ui.call(() -> dashboard.topics().stream()
                        .anyMatch(t -> t.topic().equals("ops") && t.subscribers() == 2)));
                assertThat(ui.call(() -> clients.clients().getFirst().userAgent())).isEqualTo("TestSubscriber/1.0");
                ui.run(() -> clients.filterProperty().set("news"));
                assertThat(ui.call(() -> clients.clients().size())).isEqualTo(1);
            }
            await().atMost(WAIT).until(() -> ui.call(() -> dashboard.connectedProperty().get()) == 0);
            await().atMost(WAIT).until(() -> ui.call(clients::total) == 0);
            assertThat(ui.call(() -> dashboard.points().size())).isPositive();
        }
    }

    @Test
    void composeSendsAndShowsTheReturnedIdAndHistoryFollows() throws Exception {
        try (LiveHerald herald = LiveHerald.start(); Subscriber sub = herald.subscribe("deploys")) {
            connect(herald.uri(), "");
            await().atMost(WAIT).until(() -> ui.call(() -> compose.onlineProperty().get()));
            ui.run(() -> {
                compose.messageProperty().set("Deploy finished");
                compose.titleProperty().set("CI");
                compose.levelProperty().set("success");
                compose.everyoneProperty().set(false);
                compose.topicsProperty().set("deploys");
                compose.tagsProperty().set("ci, prod");
            });
            assertThat(ui.call(() -> compose.charCountProperty().get())).isEqualTo("15 / 4096");
            await().atMost(WAIT).until(() -> ui.call(() -> compose.canSendProperty().get()));
            ui.run(compose::send);
            await().atMost(WAIT).until(() -> !ui.call(() -> compose.resultProperty().get()).isEmpty());
            long id = ui.call(() -> compose.lastSentIdProperty().get());
            assertThat(id).isPositive();
            assertThat(ui.call(() -> compose.resultProperty().get())).isEqualTo("Sent #" + id + " to 1 recipient");
            // The form starts empty: a second Ctrl+Enter cannot send the same notification again.
            assertThat(ui.call(() -> compose.messageProperty().get())).isEmpty();
            assertThat(ui.call(() -> compose.everyoneProperty().get())).isTrue();
            assertThat(ui.call(() -> compose.canSendProperty().get())).isFalse();
            ui.run(compose::send);
            ui.run(() -> compose.titleProperty().set("CI run 2"));
            assertThat(ui.call(() -> compose.resultProperty().get())).as("the answer was about the last draft").isEmpty();
            String received = sub.next(WAIT);
            assertThat(received).contains("\"message\":\"Deploy finished\"").contains("\"id\":" + id);

            await().atMost(WAIT).until(() -> ui.call(() -> history.rows().stream()
                    .anyMatch(r -> r.id() == id && r.recipients() == 1 && r.delivered() == 1)));
            ui.run(() -> history.resend(history.rows().getFirst()));
            await().atMost(WAIT).until(() -> ui.call(() -> history.messageProperty().get()).startsWith("Resent #" + id));
            assertThat(sub.next(WAIT)).contains("\"message\":\"Deploy finished\"");
        }
    }

    @Test
    void validationMirrorsTheServerAndBlocksSending() {
        ui.run(() -> {
            compose.messageProperty().set("x".repeat(4097));
        });
        assertThat(ui.call(() -> compose.problemProperty().get())).contains("4097").contains("4096");
        // Characters as the server counts them: an emoji is one (two UTF-16 units).
        ui.run(() -> compose.messageProperty().set("\uD83D\uDE80".repeat(4096)));
        assertThat(ui.call(() -> compose.charCountProperty().get())).isEqualTo("4096 / 4096");
        assertThat(ui.call(() -> compose.problemProperty().get())).doesNotContain("characters");
        ui.run(() -> compose.messageProperty().set("\uD83D\uDE80".repeat(4097)));
        assertThat(ui.call(() -> compose.problemProperty().get())).contains("4097 characters");
        // Only a no-break space and a zero-width space: the server refuses it as empty.
        ui.run(() -> compose.messageProperty().set("\u00a0\u200b"));
        assertThat(ui.call(() -> compose.problemProperty().get())).isEqualTo("Message is required");
        // A direction override makes "invoice\u202Efdp.exe" show as "invoiceexe.pdf": the server refuses it.
        ui.run(() -> compose.messageProperty().set("invoice\u202Efdp.exe ready"));
        assertThat(ui.call(() -> compose.problemProperty().get())).contains("direction overrides");
        ui.run(() -> {
            compose.messageProperty().set("ok");
            compose.everyoneProperty().set(false);
            compose.topicsProperty().set("bad topic!");
        });
        assertThat(ui.call(() -> compose.problemProperty().get())).contains("\"bad topic!\"");
        ui.run(() -> {
            compose.topicsProperty().set("fine");
            compose.urlProperty().set("javascript:alert(1)");
        });
        assertThat(ui.call(() -> compose.problemProperty().get())).startsWith("Click URL");
        ui.run(() -> {
            compose.urlProperty().set("/inbox");
            compose.ttlProperty().set("0");
        });
        assertThat(ui.call(() -> compose.problemProperty().get())).startsWith("TTL");
        assertThat(ui.call(() -> compose.canSendProperty().get())).isFalse();
        ui.run(() -> {
            compose.ttlProperty().set("");
            compose.usersProperty().set("alice, " + "u".repeat(129));
        });
        assertThat(ui.call(() -> compose.problemProperty().get())).startsWith("User \"uuu");
    }

    @Test
    void composeTargetsUsersOnlyTheirStreamsGetIt() throws Exception {
        try (LiveHerald herald = LiveHerald.start();
             Subscriber alice = herald.subscribeAsUser("alice", "alice-browser");
             Subscriber bob = herald.subscribeAsUser("bob", "bob-browser")) {
            connect(herald.uri(), "");
            await().atMost(WAIT).until(() -> ui.call(() -> compose.onlineProperty().get()));
            ui.run(() -> {
                compose.messageProperty().set("Your export is ready");
                compose.usersProperty().set("alice");
            });
            await().atMost(WAIT).until(() -> ui.call(() -> compose.canSendProperty().get()));
            assertThat(ui.call(() -> compose.draft().users())).containsExactly("alice");
            ui.run(compose::send);
            await().atMost(WAIT).until(() -> !ui.call(() -> compose.resultProperty().get()).isEmpty());
            assertThat(ui.call(() -> compose.resultProperty().get())).endsWith("to 1 recipient");
            // Only alice's stream gets it, and it does not list its recipients (operators' views do).
            assertThat(alice.next(WAIT)).contains("Your export is ready").doesNotContain("\"users\"");
            assertThat(bob.next(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void serverErrorsAndADeadServerAreShownNotThrown() throws Exception {
        LiveHerald herald = LiveHerald.start();
        ClientRow gone;
        try (Subscriber sub = herald.subscribe("x")) {
            connect(herald.uri(), "");
            await().atMost(WAIT).until(() -> ui.call(() -> clients.clients().size()) == 1);
            gone = ui.call(() -> clients.clients().getFirst());
        }
        await().atMost(WAIT).until(() -> ui.call(clients::total) == 0);
        // The server's 404 for a client that already left is shown in the view's message line.
        ui.run(() -> clients.disconnect(gone));
        await().atMost(WAIT).until(() -> ui.call(() -> clients.messageProperty().get()).contains("unknown_client"));

        herald.close();
        await().atMost(WAIT).until(() -> state() == ConnectionState.RECONNECTING);
        assertThat(ui.call(() -> connection.detailProperty().get())).contains("retrying in");
        // The dashboard no longer shows the last numbers as if they were live.
        assertThat(ui.call(() -> dashboard.shown(dashboard.connectedProperty()).get())).isEqualTo("—");
        assertThat(ui.call(() -> dashboard.topics().isEmpty())).isTrue();
        assertThat(ui.call(() -> dashboard.statusProperty().get())).startsWith("Not live (reconnecting…) · last update ");
        // Send follows the connection: disabled, with the reason in the problem line, not a late error.
        ui.run(() -> compose.messageProperty().set("into the void"));
        assertThat(ui.call(() -> compose.canSendProperty().get())).isFalse();
        assertThat(ui.call(() -> compose.problemProperty().get()))
                .isEqualTo("Not connected to the server (reconnecting…)");
        ui.run(compose::send);
        assertThat(ui.call(() -> compose.sendingProperty().get())).isFalse();
    }

    @Test
    void aServerThatGoesQuietIsNoLongerShownAsConnected() throws Exception {
        try (var hung = dev.herald.admin.ui.support.SilentServer.afterHeaders()) {
            connect(hung.uri(), "");
            await().atMost(WAIT).until(() -> state() == ConnectionState.CONNECTED);
            long connectedAt = System.nanoTime();
            // The stats stream stays open but silent: the 5 s watchdog hands over to the backoff.
            await().atMost(WAIT).until(() -> state() == ConnectionState.RECONNECTING);
            assertThat(Duration.ofNanos(System.nanoTime() - connectedAt)).isLessThan(Duration.ofSeconds(9));
            assertThat(ui.call(() -> connection.detailProperty().get()))
                    .startsWith("Server unreachable: no data for 5 s").contains("retrying in");
        }
    }

    @Test
    void nothingListeningMeansReconnectingWithBackoff() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        connect(URI.create("http://127.0.0.1:" + port), "");
        await().atMost(WAIT).until(() -> state() == ConnectionState.RECONNECTING);
        assertThat(ui.call(() -> connection.detailProperty().get()))
                .startsWith("Server unreachable: connection refused at 127.0.0.1:" + port);
        // Twenty-first session's tester: "retrying in 4 s" stood still until the retry. It counts down.
        await().atMost(WAIT).until(() -> ui.call(() -> connection.detailProperty().get()).endsWith("retrying in 4 s"));
        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(50))
                .until(() -> ui.call(() -> connection.detailProperty().get()).endsWith("retrying in 3 s"));
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                .until(() -> ui.call(() -> connection.detailProperty().get()).endsWith("retrying in 1 s"));
        await().atMost(WAIT).until(() -> ui.call(() -> connection.detailProperty().get()).endsWith("retrying in 8 s"));
        // Retry now: what it is doing, not the countdown it cut short.
        assertThat(ui.call(() -> {
            connection.reconnect();
            return connection.detailProperty().get();
        })).isEqualTo("Connecting to http://127.0.0.1:" + port + "…");
    }

    @Test
    void aWrongOperatorTokenShowsAuthFailedAndTheRightOneConnects() throws Exception {
        String hash = dev.herald.auth.OperatorTokens.hash("s3cret-operator");
        try (LiveHerald herald = LiveHerald.start(java.util.Map.of("herald.auth.operators", hash))) {
            connect(herald.uri(), "wrong");
            await().atMost(WAIT).until(() -> state() == ConnectionState.AUTH_FAILED);
            assertThat(ui.call(() -> connection.detailProperty().get())).contains("401").contains("operator token");
            connect(herald.uri(), "s3cret-operator");
            await().atMost(WAIT).until(() -> state() == ConnectionState.CONNECTED);
            try (Subscriber s = herald.subscribe("secured")) {
                // the feed itself is authorized too: its events keep arriving
                await().atMost(WAIT).until(() -> ui.call(() -> dashboard.connectedProperty().get()) == 1);
            }
        }
    }
}
