package dev.herald.admin.ui.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.admin.ui.connection.ConnectionViewModel;
import dev.herald.admin.ui.connection.FeedListener;
import dev.herald.admin.ui.support.CountingProxy;
import dev.herald.admin.ui.support.LiveHerald;
import dev.herald.admin.ui.support.Subscriber;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The clients list against a real server behind a counting proxy: one GET /admin/clients per
 * connect and per Refresh however many notifications go out, and connects/disconnects that
 * happen while a load is in flight survive its answer.
 */
class ClientsViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private UiThread ui;
    private ConnectionViewModel connection;
    private ClientsViewModel clients;
    private final AtomicLong latestSeen = new AtomicLong(-1);

    @BeforeEach
    void setUp() {
        ui = new UiThread();
        connection = new ConnectionViewModel(ui);
        clients = new ClientsViewModel(ui);
        connection.addListener(clients);
        connection.addListener(new FeedListener() {
            @Override
            public void stats(JsonNode stats) {
                latestSeen.set(stats.path("latestId").asLong(-1));
            }
        });
    }

    @AfterEach
    void tearDown() {
        ui.run(connection::close);
        ui.close();
    }

    @Test
    void loadsOncePerConnectAndRefreshAndKeepsEventsThatArriveDuringALoad() throws Exception {
        try (LiveHerald herald = LiveHerald.start();
             CountingProxy proxy = CountingProxy.to(herald.uri());
             Subscriber a = herald.subscribe("ops");
             Subscriber b = herald.subscribeAs("Browser/B", "news")) {
            // The initial load: the server has answered (a, b), then c comes and a goes before
            // the app receives that answer.
            CountingProxy.Hold held = proxy.hold("/admin/clients");
            ui.run(() -> connection.connect(proxy.uri(), ""));
            held.awaitAnswered(WAIT);
            Subscriber c = herald.subscribe("ops");
            a.close();
            await().atMost(WAIT).until(() -> shownIds().contains(c.connection()));
            await().atMost(WAIT).until(() -> !shownIds().contains(a.connection()));
            held.release();
            await().atMost(WAIT).until(() -> !ui.call(() -> clients.countersNoteProperty().get()).isEmpty());
            assertThat(shownIds()).isEqualTo(serverIds(herald)).containsExactlyInAnyOrder(b.connection(), c.connection());

            // Publishing for a few seconds (a new latest id in every stats event) loads nothing,
            // while the list still follows clients coming and going.
            Subscriber d = null;
            long last = 0;
            for (int i = 0; i < 40; i++) {
                last = publish(herald, "n" + i);
                if (i == 10) {
                    d = herald.subscribe("news");
                }
                if (i == 20) {
                    b.close();
                }
                Thread.sleep(80);
            }
            long lastId = last;
            await().atMost(WAIT).until(() -> latestSeen.get() == lastId);
            Thread.sleep(500); // a reload triggered by that stats event would have reached the proxy
            assertThat(proxy.count("GET /admin/clients")).as("GET /admin/clients while publishing").isEqualTo(1);
            Set<String> server = serverIds(herald);
            await().atMost(WAIT).until(() -> shownIds().equals(server));
            assertThat(server).containsExactlyInAnyOrder(c.connection(), d.connection());

            // Refresh: one more load; again clients come and go while it is in flight.
            held = proxy.hold("/admin/clients");
            ui.run(clients::refresh);
            held.awaitAnswered(WAIT);
            Subscriber e = herald.subscribeAs("Browser/E", "ops");
            c.close();
            await().atMost(WAIT).until(() -> shownIds().contains(e.connection()) && !shownIds().contains(c.connection()));
            held.release();
            await().atMost(WAIT).until(() -> proxy.count("GET /admin/clients") == 2);
            Thread.sleep(300); // the held answer has been applied
            assertThat(shownIds()).isEqualTo(serverIds(herald)).containsExactlyInAnyOrder(d.connection(), e.connection());
            assertThat(ui.call(() -> clients.messageProperty().get())).isEmpty();

            // And afterwards, still from the events alone.
            d.close();
            e.close();
            await().atMost(WAIT).until(() -> ui.call(clients::total) == 0);
            assertThat(serverIds(herald)).isEmpty();
            assertThat(proxy.count("GET /admin/clients")).isEqualTo(2);
        }
    }

    // An operator's hour (twenty-fourth session): "Last id and queue as of 23:52:59" named the last load, while a
    // row a connect event added since carried its own, newer values. The line says so once such a row came.
    @Test
    void theCountersLineSaysRowsThatConnectedSinceTheLoadAreAsOfTheirConnect() throws Exception {
        try (LiveHerald herald = LiveHerald.start(); Subscriber a = herald.subscribe("ops")) {
            ui.run(() -> connection.connect(herald.uri(), ""));
            await().atMost(WAIT).until(() -> !ui.call(() -> clients.countersNoteProperty().get()).isEmpty());
            String loaded = ui.call(() -> clients.countersNoteProperty().get());
            assertThat(loaded).startsWith("Last id and queue as of ").doesNotContain("since");
            try (Subscriber b = herald.subscribe("news")) {
                await().atMost(WAIT).until(() -> shownIds().contains(b.connection()));
                assertThat(ui.call(() -> clients.countersNoteProperty().get()))
                        .isEqualTo(loaded + "; for clients connected since, as of their Since time");
            }
            ui.run(clients::refresh);
            await().atMost(WAIT).until(() -> !ui.call(() -> clients.countersNoteProperty().get()).contains("since"));
            assertThat(shownIds()).containsExactly(a.connection());
        }
    }

    private Set<String> shownIds() {
        return ui.call(() -> {
            Set<String> ids = new TreeSet<>();
            clients.clients().forEach(r -> ids.add(r.id()));
            return ids;
        });
    }

    private static Set<String> serverIds(LiveHerald herald) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(herald.uri() + "/admin/clients")).build(),
                HttpResponse.BodyHandlers.ofString());
        Set<String> ids = new TreeSet<>();
        JSON.readTree(res.body()).path("clients").forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static long publish(LiveHerald herald, String message) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(herald.uri() + "/notify"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isLessThan(300);
        return JSON.readTree(res.body()).path("id").asLong();
    }
}
