package dev.herald.admin.ui;

import dev.herald.admin.ui.client.NotificationDraft;
import dev.herald.admin.ui.compose.ComposeViewModel;
import dev.herald.admin.ui.compose.ScheduledViewModel;
import dev.herald.admin.ui.connection.ConnectionState;
import dev.herald.admin.ui.connection.ConnectionViewModel;
import dev.herald.admin.ui.history.HistoryViewModel;
import dev.herald.admin.ui.history.NotificationRow;
import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.Subscriber;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Schedule, cancel, retract, live receipt counts, who saw it and CSV export, against a real server. */
class LifecycleViewModelsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final Clock clock = Clock.system(ZoneOffset.UTC);
    private UiThread ui;
    private ConnectionViewModel connection;
    private ComposeViewModel compose;
    private ScheduledViewModel scheduled;
    private HistoryViewModel history;

    @BeforeEach
    void setUp() {
        ui = new UiThread();
        connection = new ConnectionViewModel(ui);
        compose = new ComposeViewModel(ui, clock);
        scheduled = new ScheduledViewModel(ui);
        history = new HistoryViewModel(ui);
        compose.setOnScheduled(scheduled::refresh);
        connection.addListener(compose);
        connection.addListener(scheduled);
        connection.addListener(history);
    }

    @AfterEach
    void tearDown() {
        ui.run(connection::close);
        ui.close();
    }

    private void connect(LiveHerald herald) {
        ui.run(() -> connection.connect(herald.uri(), ""));
        await().atMost(WAIT).until(() -> ui.call(() -> connection.stateProperty().get()) == ConnectionState.CONNECTED);
    }

    @Test
    void composeSchedulesWithThePickerAndTheScheduledListCancels() {
        try (LiveHerald herald = LiveHerald.start()) {
            connect(herald);
            ZonedDateTime at = ZonedDateTime.now(clock).plusMinutes(3);
            ui.run(() -> {
                compose.messageProperty().set("maintenance starts");
                compose.schedule().laterProperty().set(true);
                compose.schedule().dateProperty().set(at.toLocalDate());
                compose.schedule().timeProperty().set("25:99");
            });
            assertThat(ui.call(() -> compose.canSendProperty().get())).isFalse();
            assertThat(ui.call(() -> compose.problemProperty().get())).contains("HH:mm");
            ui.run(() -> compose.schedule().timeProperty().set(at.format(DateTimeFormatter.ofPattern("HH:mm"))));
            assertThat(ui.call(() -> compose.canSendProperty().get())).isTrue();
            ui.run(compose::send);
            await().atMost(WAIT).until(() -> ui.call(() -> compose.resultProperty().get()).startsWith("Scheduled s-"));
            assertThat(ui.call(() -> compose.messageProperty().get())).as("a second Ctrl+Enter sends nothing").isEmpty();
            assertThat(ui.call(() -> compose.canSendProperty().get())).isFalse();
            await().atMost(WAIT).until(() -> ui.call(() -> scheduled.rows().size()) == 1);
            ScheduledViewModel.Row row = ui.call(() -> scheduled.rows().getFirst());
            assertThat(row.message()).isEqualTo("maintenance starts");
            assertThat(Duration.between(at.toInstant(), row.due()).abs().toSeconds()).isLessThan(60);

            ui.run(() -> scheduled.cancel(row));
            await().atMost(WAIT).until(() -> ui.call(() -> scheduled.rows().isEmpty()));
            assertThat(ui.call(() -> scheduled.messageProperty().get())).isEqualTo("Cancelled " + row.id());
        }
    }

    @Test
    void schedulesMadeAndCancelledByAnotherClientShowWithoutAReload() throws Exception {
        try (LiveHerald herald = LiveHerald.start()) {
            connect(herald);
            java.net.http.HttpResponse<String> made = otherClient(herald, "POST", "/notify",
                    "{\"message\":\"from the API\",\"topic\":\"ops\",\"delay\":\"1h\"}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(202);
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(made.body()).get("id").asText();
            await().atMost(WAIT).until(() -> ui.call(() -> scheduled.rows().size()) == 1);
            ScheduledViewModel.Row row = ui.call(() -> scheduled.rows().getFirst());
            assertThat(row.id()).isEqualTo(id);
            assertThat(row.message()).isEqualTo("from the API");

            assertThat(otherClient(herald, "DELETE", "/notifications/" + id, null).statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> ui.call(() -> scheduled.rows().isEmpty()));
        }
    }

    // Another operator: its own HTTP client, nothing this app's view models hear of directly.
    private static java.net.http.HttpResponse<String> otherClient(LiveHerald herald, String method, String path, String json)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(herald.uri() + path))
                .method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void historyCountsSeenLiveShowsWhoSawItRetractsAndExports() throws Exception {
        try (LiveHerald herald = LiveHerald.start();
             Subscriber alice = herald.subscribeAsUser("alice", "Test/1", "ops")) {
            connect(herald);
            ui.run(() -> {
                compose.load(new NotificationDraft("disk, \"almost\" full", "=SUM(1)", "warning", List.of("ops"),
                        List.of(), null, null));
                compose.send();
            });
            assertThat(alice.next(WAIT)).contains("almost");
            await().atMost(WAIT).until(() -> ui.call(() -> history.rows().size()) == 1);
            NotificationRow row = ui.call(() -> history.rows().getFirst());
            assertThat(row.seen()).isZero();

            assertThat(alice.receipts("[" + row.id() + "]", "[" + row.id() + "]")).isEqualTo(200);
            await().atMost(WAIT).until(() -> {
                Integer seen = ui.call(() -> history.rows().getFirst().seen());
                return seen != null && seen == 1;
            });
            assertThat(ui.call(() -> history.rows().getFirst().pages())).isEqualTo(1);

            ui.run(() -> history.loadDetail(row.id()));
            await().atMost(WAIT).until(() -> ui.call(() -> history.detailProperty().get()) != null);
            var detail = ui.call(() -> history.detailProperty().get());
            assertThat(detail.users()).extracting(u -> u.user()).containsExactly("alice");
            assertThat(detail.users().getFirst().seen()).isNotNull();
            assertThat(detail.summary()).startsWith("#" + row.id() + ": 1 recipient · ")
                    .contains("1 page reported it · 1 seen").contains("alice (seen)");

            String csv = ui.call(history::csv);
            assertThat(csv.split("\r\n")).hasSize(2);
            assertThat(csv).startsWith("id,time,level,title,message,topics,recipients,delivered,pages_delivered,seen,users\r\n")
                    .contains(",'=SUM(1),\"disk, \"\"almost\"\" full\",ops,1,1,1,1,\r\n");

            NotificationRow current = ui.call(() -> history.rows().getFirst());
            ui.run(() -> history.retract(current));
            await().atMost(WAIT).until(() -> ui.call(() -> history.rows().isEmpty()));
            assertThat(ui.call(() -> history.messageProperty().get())).isEqualTo("Retracted #" + row.id());
            assertThat(ui.call(() -> history.detailProperty().get())).as("no detail of a row that is gone").isNull();
            ui.run(() -> history.connectionLost("reconnecting…"));
            assertThat(ui.call(() -> history.messageProperty().get())).as("about a connection that is gone").isEmpty();
        }
    }

    @Test
    void aScheduledListErrorGoesOnceTheListLoadsAgain() {
        LiveHerald first = LiveHerald.start();
        connect(first);
        first.close();
        await().atMost(WAIT).until(() -> ui.call(() -> connection.stateProperty().get()) == ConnectionState.RECONNECTING);
        ui.run(scheduled::refresh);
        await().atMost(WAIT).until(() -> ui.call(() -> scheduled.messageProperty().get())
                .startsWith("Could not load the scheduled list: "));
        try (LiveHerald second = LiveHerald.start()) {
            connect(second);
            await().atMost(WAIT).until(() -> ui.call(() -> scheduled.messageProperty().get()).isEmpty());
        }
    }

    @Test
    void aDetailThatArrivesAfterTheSelectionMovedOnIsDropped() throws Exception {
        try (LiveHerald herald = LiveHerald.start()) {
            connect(herald);
            for (String m : List.of("first", "second")) {
                ui.run(() -> {
                    compose.messageProperty().set(m);
                    compose.send();
                });
                await().atMost(WAIT).until(() -> ui.call(() -> compose.resultProperty().get()).startsWith("Sent #"));
            }
            await().atMost(WAIT).until(() -> ui.call(() -> history.rows().size()) == 2);
            long newer = ui.call(() -> history.rows().get(0).id());
            long older = ui.call(() -> history.rows().get(1).id());

            // Selected, then unselected before the answer came: the answer must not bring it back.
            ui.run(() -> {
                history.loadDetail(older);
                history.clearDetail();
            });
            Thread.sleep(1500);
            assertThat(ui.call(() -> history.detailProperty().get())).isNull();

            // Selected one, then another: only the second's detail shows, whichever answer comes last.
            ui.run(() -> {
                history.loadDetail(older);
                history.loadDetail(newer);
            });
            await().atMost(WAIT).until(() -> ui.call(() -> history.detailProperty().get()) != null);
            Thread.sleep(1500);
            assertThat(ui.call(() -> history.detailProperty().get().id())).isEqualTo(newer);
        }
    }
}
