package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.admin.ui.Theme;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart draws the server it is connected to, not what is left of the one before. */
@ExtendWith(ApplicationExtension.class)
class StatsChartSwitchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DashboardViewModel vm = new DashboardViewModel();

    @Start
    void start(Stage stage) {
        Scene scene = new Scene((Parent) new DashboardView(vm).root(), 1200, 760);
        Theme.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    // The first stats of a server with `clients` connected for the last two minutes (history every 10 s).
    private static JsonNode stats(Instant now, int clients) throws Exception {
        StringBuilder history = new StringBuilder();
        for (int s = 120; s >= 10; s -= 10) {
            history.append(history.isEmpty() ? "" : ",").append("{\"time\":\"").append(now.minusSeconds(s))
                    .append("\",\"connected\":").append(clients).append(",\"notificationsPerMinute\":0}");
        }
        return JSON.readTree("{\"time\":\"" + now + "\",\"connected\":" + clients
                + ",\"perMinute\":{\"notifications\":0},\"history\":[" + history + "]}");
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
