package dev.herald.admin.ui;

import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.NotificationDraft;
import dev.herald.admin.ui.connection.ConnectionSettings;
import dev.herald.admin.ui.connection.ConnectionState;
import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.Png;
import dev.herald.admin.ui.support.Subscriber;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not a check but the README's pictures: opens each view against a real server with clients and
 * notifications and saves docs/images/admin-*.png (last the dashboard once the server is gone, as
 * admin-dashboard-offline.png; -Dherald.screenshots.size=1200x780 for another window size). Run it
 * under Xvfb with the real GTK glass:
 * <pre>xvfb-run -s "-screen 0 1600x1000x24" mvn -pl admin-ui -am test -Dtest=ScreenshotsTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dherald.screenshots=$PWD/docs/images -Dglass.platform=gtk \
 *   -Dtestfx.headless=false -Dprism.order=sw</pre>
 */
@EnabledIfSystemProperty(named = "herald.screenshots", matches = ".+")
class ScreenshotsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void saveEachMainView() throws Exception {
        Path dir = Path.of(System.getProperty("herald.screenshots"));
        Preferences prefs = Preferences.userRoot().node("dev/herald/admin-screenshots");
        boolean dark = Boolean.getBoolean("herald.screenshots.dark");
        prefs.putBoolean("dark", dark);
        String suffix = dark ? "-dark" : "";
        List<Subscriber> subscribers = new ArrayList<>();
        try (LiveHerald herald = LiveHerald.start()) {
            String[][] clients = {
                    {"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "deploys", "ops"},
                    {"Mozilla/5.0 (Macintosh) Safari/605.1.15", "deploys"},
                    {"Mozilla/5.0 (Windows NT 10.0) Chrome/131.0", "ops"},
                    {"curl/8.11.0", "alerts"},
                    {"HeraldBot/2.3 (status page)", "alerts", "ops"},
                    {"Mozilla/5.0 (Windows NT 10.0) Edge/131.0"}};
            HeraldClient api = new HeraldClient(herald.uri(), "");
            List<NotificationDraft> drafts = List.of(
                    new NotificationDraft("Nightly backup completed in 4m12s", "Backup", "success", List.of("ops"),
                            List.of("backup"), null, null),
                    new NotificationDraft("Release 2.4.0 is rolling out to production", "Deploy started", "info",
                            List.of("deploys"), List.of("prod", "ci"), "https://ci.example.com/runs/812", null),
                    new NotificationDraft("Disk usage on db-2 is above 85%", "Disk space", "warning",
                            List.of("alerts", "ops"), List.of("db"), "/hosts/db-2", 3600),
                    new NotificationDraft("Payment API error rate at 7% for 5 minutes", "Payments degraded", "error",
                            List.of("alerts"), List.of("pagerduty"), null, null),
                    new NotificationDraft("Maintenance window tonight 22:00–23:00 UTC", "Heads-up", "info",
                            List.of(), List.of(), null, null));
            CompletableFuture<Void> started = new CompletableFuture<>();
            Platform.startup(() -> started.complete(null));
            started.get(20, TimeUnit.SECONDS);
            MainWindow[] window = new MainWindow[1];
            Stage[] stage = new Stage[1];
            onFx(() -> {
                window[0] = new MainWindow(new ConnectionSettings(prefs));
                String[] size = System.getProperty("herald.screenshots.size", "1280x800").split("x");
                Scene scene = new Scene(window[0].root(), Integer.parseInt(size[0]), Integer.parseInt(size[1]));
                window[0].install(scene);
                stage[0] = new Stage();
                stage[0].setTitle("Herald Admin");
                stage[0].setScene(scene);
                stage[0].show();
                window[0].connect(herald.uri().toString(), "");
            });
            await().atMost(WAIT).until(() -> callFx(() -> window[0].connection().stateProperty().get())
                    == ConnectionState.CONNECTED);
            // Before the sends, so the compose screenshot shows it whatever the timing of the feed's scheduled event.
            api.schedule(new NotificationDraft("Maintenance starts in 10 minutes: save your work, the editor will be"
                    + " read-only until 23:00", "Heads-up", "warning", List.of("ops"), List.of(), null, null),
                    java.time.Instant.now().plusSeconds(3600)).get(20, TimeUnit.SECONDS);
            // Clients arrive and notifications go out over half a minute, so the chart has a story.
            for (int i = 0; i < clients.length; i++) {
                String[] c = clients[i];
                String[] topics = java.util.Arrays.copyOfRange(c, 1, c.length);
                // Two of them signed in, so the Users tab and column have something to show.
                subscribers.add(i == 0 ? herald.subscribeAsUser("alice", c[0], topics)
                        : i == 2 ? herald.subscribeAsUser("bob", c[0], topics)
                        : herald.subscribeAs(c[0], topics));
                Thread.sleep(2500);
                if (i < drafts.size()) {
                    api.send(drafts.get(i)).get(20, TimeUnit.SECONDS);
                }
                Thread.sleep(2500);
            }
            // Pages report what arrived and what was seen, so History has receipt counts and names.
            for (int i = 0; i < subscribers.size(); i++) {
                List<String> ids = new ArrayList<>();
                String m;
                while ((m = subscribers.get(i).next(java.time.Duration.ofMillis(200))) != null) {
                    ids.add(m.replaceAll(".*\"id\":(\\d+).*", "$1"));
                }
                if (!ids.isEmpty()) {
                    String all = "[" + String.join(",", ids) + "]";
                    subscribers.get(i).receipts(all, i % 2 == 0 ? all : "[]");
                }
            }
            Thread.sleep(3000);
            shoot(window[0], stage[0], MainWindow.Page.DASHBOARD, dir.resolve("admin-dashboard" + suffix + ".png"));
            onFx(() -> ((javafx.scene.control.TableView<?>) stage[0].getScene().lookup("#clients-table"))
                    .getSelectionModel().select(1));
            shoot(window[0], stage[0], MainWindow.Page.CLIENTS, dir.resolve("admin-clients" + suffix + ".png"));
            onFx(() -> {
                var c = window[0].compose();
                c.messageProperty().set("Release 2.4.1 fixes the login loop on Safari. Reload the page to get it.");
                c.titleProperty().set("Hotfix deployed");
                c.levelProperty().set("success");
                c.everyoneProperty().set(false);
                c.topicsProperty().set("deploys, ops");
                c.tagsProperty().set("prod, hotfix");
                c.urlProperty().set("https://status.example.com/incidents/42");
                // Not sent: the form empties after a send, and the picture is of a draft and its preview.
            });
            shoot(window[0], stage[0], MainWindow.Page.COMPOSE, dir.resolve("admin-compose" + suffix + ".png"));
            Thread.sleep(1500);
            onFx(() -> ((javafx.scene.control.TableView<?>) stage[0].getScene().lookup("#history-table"))
                    .getSelectionModel().select(1)); // the broadcast: pages from alice and bob reported it
            Thread.sleep(1000);
            shoot(window[0], stage[0], MainWindow.Page.HISTORY, dir.resolve("admin-history" + suffix + ".png"));
            // The server goes away: the numbers read "—", the chart stays.
            herald.close();
            await().atMost(WAIT).until(() -> callFx(() -> window[0].connection().stateProperty().get())
                    == ConnectionState.RECONNECTING);
            shoot(window[0], stage[0], MainWindow.Page.DASHBOARD, dir.resolve("admin-dashboard-offline" + suffix + ".png"));
            onFx(() -> {
                stage[0].close();
                window[0].close();
            });
        } finally {
            subscribers.forEach(Subscriber::close);
            prefs.removeNode();
        }
        assertThat(Files.size(dir.resolve("admin-dashboard" + suffix + ".png"))).isGreaterThan(10_000);
    }

    private static void shoot(MainWindow window, Stage stage, MainWindow.Page page, Path file) throws Exception {
        onFx(() -> window.show(page));
        Thread.sleep(1200);
        callFx(() -> Png.write(stage.getScene(), file));
    }

    private static void onFx(Runnable r) throws Exception {
        callFx(() -> {
            r.run();
            return null;
        });
    }

    private static <T> T callFx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }
}
