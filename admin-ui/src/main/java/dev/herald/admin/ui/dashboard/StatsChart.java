package dev.herald.admin.ui.dashboard;

import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The dashboard's chart: connected clients and notifications per minute over the last 15 minutes
 * (shorter while the server is younger), drawn as steps from the view model's points.
 */
final class StatsChart {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final DashboardViewModel vm;
    private final XYChart.Series<Number, Number> connectedSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> rateSeries = new XYChart.Series<>();
    private final NumberAxis timeAxis = new NumberAxis();
    private boolean withSeconds;

    StatsChart(DashboardViewModel vm) {
        this.vm = vm;
    }

    /** The chart in its card, kept in step with the view model's points. */
    Node card() {
        timeAxis.setAutoRanging(false);
        timeAxis.setTickUnit(180);
        timeAxis.setMinorTickVisible(false);
        timeAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return LocalTime.ofInstant(Instant.ofEpochSecond(n.longValue()), ZoneId.systemDefault())
                        .format(withSeconds ? HH_MM_SS : HH_MM);
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        NumberAxis valueAxis = new NumberAxis();
        valueAxis.setForceZeroInRange(true);
        valueAxis.setMinorTickVisible(false);
        // Both series count things: label whole numbers only, never "0.5" or "0.00".
        valueAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue();
                return v == Math.rint(v) ? String.valueOf(Math.round(v)) : "";
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        LineChart<Number, Number> chart = new LineChart<>(timeAxis, valueAxis);
        chart.setId("stats-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        connectedSeries.setName("Connected clients");
        rateSeries.setName("Notifications / min");
        chart.getData().addAll(connectedSeries, rateSeries);
        vm.points().addListener((ListChangeListener<StatsPoint>) c -> {
            // Points arrive at the end and leave at the front; anything else (the whole list set anew on a
            // (re)connect) is another record. Drawn on top of the old one, the chart kept the previous
            // server's line for its last 15 minutes after Connect… to another server (an operator's QA pass).
            boolean redraw = false;
            while (c.next()) {
                boolean appended = c.wasAdded() && !c.wasRemoved() && c.getTo() == c.getList().size();
                boolean trimmed = c.wasRemoved() && !c.wasAdded() && c.getFrom() == 0;
                redraw |= !appended && !trimmed;
            }
            if (redraw) {
                connectedSeries.getData().clear();
                rateSeries.getData().clear();
            }
            sync();
        });
        sync();
        Label title = new Label("Last 15 minutes");
        title.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(8, title, chart);
        VBox.setVgrow(chart, Priority.ALWAYS);
        box.getStyleClass().add("card");
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    // Points leave at the front and arrive at the end: move only those, not the whole series.
    private void sync() {
        var points = vm.points();
        var connected = connectedSeries.getData();
        var rate = rateSeries.getData();
        long first = points.isEmpty() ? Long.MAX_VALUE : points.getFirst().time().getEpochSecond();
        while (!connected.isEmpty() && connected.getFirst().getXValue().longValue() < first) {
            connected.removeFirst();
            rate.removeFirst();
        }
        long last = connected.isEmpty() ? Long.MIN_VALUE : connected.getLast().getXValue().longValue();
        for (StatsPoint p : points) {
            long x = p.time().getEpochSecond();
            if (x > last) {
                if (!connected.isEmpty()) {
                    // Steps, not slopes: counts change at a moment. Three clients that came at once drew a
                    // ramp over the ten seconds between history points (an operator's QA pass).
                    connected.add(new XYChart.Data<>(x, connected.getLast().getYValue()));
                    rate.add(new XYChart.Data<>(x, rate.getLast().getYValue()));
                }
                connected.add(new XYChart.Data<>(x, p.connected()));
                rate.add(new XYChart.Data<>(x, p.notificationsPerMinute()));
                last = x;
            }
        }
        // The window grows to 15 minutes: a young server's minute fills the chart rather than a sliver.
        long now = points.isEmpty() ? Instant.now().getEpochSecond() : last;
        long from = Math.max(now - DashboardViewModel.WINDOW.toSeconds(),
                points.isEmpty() ? now : points.getFirst().time().getEpochSecond());
        long span = Math.max(60, now - from);
        timeAxis.setLowerBound(now - span);
        timeAxis.setUpperBound(now);
        timeAxis.setTickUnit(span / 5.0);
        withSeconds = span < 600;
    }
}
