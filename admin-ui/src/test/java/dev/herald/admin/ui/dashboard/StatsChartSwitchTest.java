package dev.herald.admin.ui.dashboard;

import dev.herald.admin.ui.support.ThemedScene;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import dev.herald.admin.ui.client.HeraldClient;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart draws the server it is connected to, not what is left of the one before. */
@ExtendWith(ApplicationExtension.class)
class StatsChartSwitchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DashboardViewModel vm = new DashboardViewModel();

    @Start
    void start(Stage stage) {
        ThemedScene.show(stage, (Parent) new DashboardView(vm).root(), 1200, 760);
    }

    // The first stats of a server with `clients` connected for the last two minutes (history every 10 s).
    private static JsonNode stats(Instant now, int clients) throws Exception {
        return stats(now, clients, 120, now.minusSeconds(3600));
    }

    // The same for a server started at `startedAt` with `seconds` of history.
    private static JsonNode stats(Instant now, int clients, int seconds, Instant startedAt) throws Exception {
        StringBuilder history = new StringBuilder();
        for (int s = seconds; s >= 10; s -= 10) {
            history.append(history.isEmpty() ? "" : ",").append("{\"time\":\"").append(now.minusSeconds(s))
                    .append("\",\"connected\":").append(clients).append(",\"notificationsPerMinute\":0}");
        }
        return JSON.readTree("{\"time\":\"" + now + "\",\"startedAt\":\"" + startedAt + "\",\"connected\":"
                + clients + ",\"perMinute\":{\"notifications\":0},\"history\":[" + history + "]}");
    }

    @SuppressWarnings("unchecked")
    private static List<List<Number>> lines(FxRobot robot) {
        LineChart<Number, Number> chart = robot.lookup("#connected-chart").queryAs(LineChart.class);
        return chart.getData().stream()
                .map(series -> series.getData().stream().map(XYChart.Data::getYValue).toList()).toList();
    }

    private void run(FxRobot robot, Callable<?> steps) {
        robot.interact(() -> {
            try {
                steps.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    // Twenty-first session's tester: after a restart the chart showed only the new server's few seconds, and
    // what led up to the restart (the stretch an operator would look at) was gone.
    @Test
    void afterTheServerRestartsTheChartKeepsWhatCameBeforeWithAGap(FxRobot robot) throws Exception {
        Instant now = Instant.now();
        try (HeraldClient server = new HeraldClient(URI.create("http://127.0.0.1:9"), "")) {
            run(robot, () -> {
                vm.connected(server, stats(now.minusSeconds(300), 5)); // 5 clients until 5 minutes ago
                vm.connectionLost("retrying…");                         // the server goes down
                vm.connected(server, stats(now, 100, 60, now.minusSeconds(65))); // back for a minute, 100 clients
                return null;
            });
            assertThat(lines(robot)).as("two lines: before and after the restart, nothing joining them")
                    .hasSize(2);
            assertThat(lines(robot).get(0)).hasSizeGreaterThan(10).containsOnly(5);
            assertThat(lines(robot).get(1)).isNotEmpty().containsOnly(100);
            assertThat(vm.points()).filteredOn(StatsPoint::afterGap).singleElement()
                    .extracting(StatsPoint::time).isEqualTo(now.minusSeconds(60));

            // Live points go on the second line; once the first stretch leaves the 15 minutes, its line goes.
            run(robot, () -> {
                vm.stats(JSON.readTree("{\"time\":\"" + now.plusSeconds(1) + "\",\"connected\":101}"));
                return null;
            });
            assertThat(lines(robot)).hasSize(2);
            assertThat(lines(robot).get(1)).endsWith(101);
            run(robot, () -> {
                vm.stats(JSON.readTree("{\"time\":\"" + now.plusSeconds(900) + "\",\"connected\":7}"));
                return null;
            });
            assertThat(lines(robot)).hasSize(1);
            assertThat(lines(robot).get(0)).doesNotContain(5).endsWith(7);
        }
    }

    // A dropped connection to a server that kept running: its history covers the time, one unbroken line.
    @Test
    void aReconnectWithoutARestartDrawsOneLine(FxRobot robot) throws Exception {
        Instant now = Instant.now();
        try (HeraldClient server = new HeraldClient(URI.create("http://127.0.0.1:9"), "")) {
            run(robot, () -> {
                vm.connected(server, stats(now.minusSeconds(300), 5));
                vm.connectionLost("retrying…");
                vm.connected(server, stats(now, 5, 600, now.minusSeconds(3600)));
                return null;
            });
            assertThat(lines(robot)).hasSize(1);
            assertThat(vm.points()).noneMatch(StatsPoint::afterGap);
            assertThat(vm.points().getFirst().time()).isEqualTo(now.minusSeconds(600));
        }
    }

    @Test
    void afterConnectingToAnotherServerTheChartShowsOnlyItsHistory(FxRobot robot) throws Exception {
        Instant now = Instant.now();
        robot.interact(() -> {
            try {
                vm.connected(null, stats(now.minusSeconds(5), 5)); // the first server: 5 clients
                vm.connectionLost("connecting…");                  // Connect… to another server
                vm.connected(null, stats(now, 100));               // which has had 100 for two minutes
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#connected-chart").queryAs(LineChart.class);
        List<Number> connected = chart.getData().get(0).getData().stream().map(XYChart.Data::getYValue).toList();
        assertThat(connected).as("the connected-clients line").isNotEmpty().containsOnly(100);
        // On its own axis, fitted to it (not to notifications/min).
        javafx.scene.chart.NumberAxis values = (javafx.scene.chart.NumberAxis) chart.getYAxis();
        assertThat(values.getUpperBound()).isEqualTo(vm.connectedScaleProperty().get().upper()).isEqualTo(150.0);
    }
}
