package dev.herald.admin.ui.connection;

import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The connect dialog's check, against a real server with operator tokens; and what counts as saved. */
class ConnectCheckTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final UiThread ui = new UiThread();

    @AfterEach
    void tearDown() {
        ui.close();
    }

    private CompletableFuture<ConnectCheck.Connection> check(ConnectCheck check) {
        CompletableFuture<ConnectCheck.Connection> accepted = new CompletableFuture<>();
        ui.run(() -> check.check(accepted::complete));
        await().atMost(WAIT).until(() -> accepted.isDone()
                || !ui.call(() -> check.checkingProperty().get() || check.errorProperty().get().isEmpty()));
        return accepted;
    }

    @Test
    void aWrongTokenIsRefusedInTheDialogAndTheRightOneAccepted() throws Exception {
        String hash = dev.herald.auth.OperatorTokens.hash("s3cret-operator");
        try (LiveHerald herald = LiveHerald.start(Map.of("herald.auth.operators", hash))) {
            ConnectCheck check = new ConnectCheck(ui, herald.uri().toString(), "wrong");
            assertThat(check(check)).isNotDone();
            assertThat(ui.call(() -> check.errorProperty().get()))
                    .isEqualTo("The server refused this token: not a valid operator token (HTTP 401)");
            // Asking again with the same wrong token is checked again, never waved through.
            assertThat(check(check)).isNotDone();

            ui.run(() -> check.tokenProperty().set(" s3cret-operator "));
            assertThat(ui.call(() -> check.errorProperty().get())).as("cleared on edit").isEmpty();
            assertThat(check(check).get(1, TimeUnit.SECONDS))
                    .isEqualTo(new ConnectCheck.Connection(herald.uri().toString(), "s3cret-operator"));
        }
    }

    // An operator's hour (twenty-fourth session): the admin URL pasted as the server's said only
    // "not_found: no such resource: /admin/admin/stats", and a web server that is not Herald a Jackson
    // parser message. Both now say that no Herald admin API answers there, and what to enter instead.
    @Test
    void anAddressThatIsNotAHeraldServerSaysSo() throws Exception {
        try (LiveHerald herald = LiveHerald.start()) {
            ConnectCheck check = new ConnectCheck(ui, herald.uri() + "/admin", "");
            assertThat(check(check)).isNotDone();
            assertThat(ui.call(() -> check.errorProperty().get()))
                    .startsWith("No Herald admin API at " + herald.uri() + "/admin (HTTP 404 for /admin/stats)")
                    .contains("the Herald server's own address, e.g. http://localhost:8080");
        }
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html>It works!</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort();
            ConnectCheck check = new ConnectCheck(ui, url, "");
            assertThat(check(check)).isNotDone();
            assertThat(ui.call(() -> check.errorProperty().get()))
                    .startsWith("No Herald admin API at " + url + " (not JSON for /admin/stats)")
                    .doesNotContain("Unexpected character");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void aServerThatIsDownIsAcceptedOnlyWhenAskedTwice() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectCheck check = new ConnectCheck(ui, "127.0.0.1:" + port, "");
        assertThat(check(check)).isNotDone();
        assertThat(ui.call(() -> check.errorProperty().get()))
                .startsWith("Server unreachable").endsWith("Press Connect again to use it anyway.");
        assertThat(check(check).get(1, TimeUnit.SECONDS).url()).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void aHostNameThatDoesNotResolveIsCalledThatNotARefusal() {
        // .invalid never resolves (RFC 2606); the JDK reports it as a ConnectException with no message.
        ConnectCheck check = new ConnectCheck(ui, "http://herald.invalid:8080", "");
        assertThat(check(check)).isNotDone();
        assertThat(ui.call(() -> check.errorProperty().get()))
                .startsWith("Server unreachable: no such host (check the server address) at herald.invalid:8080")
                .doesNotContain("refused");
    }

    @Test
    void aUrlThatDoesNotParseIsReportedWithoutARequest() {
        ConnectCheck check = new ConnectCheck(ui, "ftp://x", "");
        assertThat(check(check)).isNotDone();
        assertThat(ui.call(() -> check.errorProperty().get())).startsWith("use an http(s) URL");
    }

    @Test
    void theDefaultLocalServerCountsAsSavedSoTheDialogDoesNotReturn() throws Exception {
        Preferences prefs = Preferences.userRoot().node("dev/herald/admin-settings-test");
        try {
            ConnectionSettings settings = new ConnectionSettings(prefs);
            assertThat(settings.saved()).isFalse();
            settings.save(ConnectionSettings.DEFAULT_URL, "");
            assertThat(new ConnectionSettings(prefs).saved()).isTrue();
        } finally {
            prefs.removeNode();
        }
    }
}
