package dev.herald.admin.ui.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.support.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A failed history load is reported, and the next load that works takes the report away (and only it). */
class HistoryLoadErrorTest {
    private final UiThread ui = new UiThread();
    private final HistoryViewModel history = new HistoryViewModel(ui);
    private HttpServer server;
    private HeraldClient client;

    @AfterEach
    void tearDown() {
        ui.close();
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theErrorOfAFailedLoadGoesWithTheNextLoadThatWorks() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/notifications", exchange -> {
            boolean fail = loads.incrementAndGet() == 1; // a proxy's hiccup, a busy server: once
            byte[] body = (fail ? "{\"error\":\"unavailable\",\"detail\":\"try again\"}"
                    : "{\"notifications\":[{\"id\":1,\"time\":\"2026-01-01T00:00:00Z\",\"message\":\"hi\",\"topics\":[\"all\"]}],"
                    + "\"count\":1,\"hasMore\":false,\"latestId\":1}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = new HeraldClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "");

        ui.run(() -> history.connected(client, JsonNodeFactory.instance.objectNode().put("latestId", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String m = ui.call(() -> history.messageProperty().get());
            return m.startsWith("Could not load the history: ") && m.contains("try again");
        });

        ui.run(history::refresh); // e.g. the next notification going out
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.call(() -> history.rows().size()) == 1);
        assertThat(ui.call(() -> history.messageProperty().get())).as("the list is fresh again").isEmpty();
    }

    // A resend's answer that comes after a failed load is the operator's outcome: the reload the resend
    // starts (or any load that works) must not take it away as if it were the failed load's text.
    @Test
    void aResendsAnswerAfterAFailedLoadStaysWhenTheNextLoadWorks() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch answerResend = new CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/notifications", exchange -> {
            int n = loads.incrementAndGet();
            boolean fail = n == 2; // the load between "Resending…" and the answer
            String rows = n >= 3 ? ROW_2 + "," + ROW_1 : ROW_1;
            answer(exchange, fail ? 503 : 200, fail ? "{\"error\":\"unavailable\",\"detail\":\"try again\"}"
                    : "{\"notifications\":[" + rows + "],\"count\":" + (n >= 3 ? 2 : 1) + ",\"hasMore\":false,"
                    + "\"latestId\":" + (n >= 3 ? 2 : 1) + "}");
        });
        server.createContext("/notify", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                answerResend.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 202, "{\"id\":2,\"time\":\"2026-01-01T00:01:00Z\",\"recipients\":3}");
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()); // loads pass the held send
        server.start();
        client = new HeraldClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "");
        ui.run(() -> history.connected(client, JsonNodeFactory.instance.objectNode().put("latestId", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.call(() -> history.rows().size()) == 1);

        ui.run(() -> history.resend(history.rows().getFirst()));
        ui.run(history::refresh);
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.call(() -> history.messageProperty().get())
                .startsWith("Could not load the history: "));
        answerResend.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> ui.call(() -> history.rows().size()) == 2);
        assertThat(ui.call(() -> history.messageProperty().get())).as("the resend's answer, after its reload worked")
                .isEqualTo("Resent #1 as #2 to 3 recipients");
    }

    private static final String ROW_1 = "{\"id\":1,\"time\":\"2026-01-01T00:00:00Z\",\"message\":\"hi\",\"topics\":[\"all\"]}";
    private static final String ROW_2 = "{\"id\":2,\"time\":\"2026-01-01T00:01:00Z\",\"message\":\"hi\",\"topics\":[\"all\"]}";

    private static void answer(HttpExchange exchange, int status, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
