package dev.herald.admin.ui.dashboard;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.AccessibleRole;
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
import java.util.function.Function;

/**
 * The dashboard's charts over the last 15 minutes (shorter while the server is younger), drawn as
 * steps from the view model's points: connected clients above, notifications per minute below, each
 * on its own axis (on one shared axis 300 notifications/min left a few clients flat on zero), with
 * the same time axis so a moment lines up in both.
 */
final class StatsChart {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");
    // Both value axes this wide, so the two plots start at the same x and their times line up.
    private static final double VALUE_AXIS_WIDTH = 52;
    private final DashboardViewModel vm;
    // A series per stretch the server was up: a restart ends one and starts the next, so no line is
    // drawn across the time it was down (JavaFX draws each series as one unbroken line).
    private final ObservableList<XYChart.Series<Number, Number>> connectedLines = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Series<Number, Number>> rateLines = FXCollections.observableArrayList();
    private final NumberAxis connectedTime = timeAxis();
    private final NumberAxis rateTime = timeAxis();
    private boolean withSeconds;

    StatsChart(DashboardViewModel vm) {
        this.vm = vm;
    }

    /** The charts in their card, kept in step with the view model's points. */
    Node card() {
        LineChart<Number, Number> connected = chart("connected-chart", connectedTime, connectedLines,
                vm.connectedScaleProperty());
        // The upper chart's times would repeat the lower one's, a line of text apart.
        connectedTime.setTickLabelsVisible(false);
        LineChart<Number, Number> rate = chart("rate-chart", rateTime, rateLines, vm.rateScaleProperty());
        rate.getStyleClass().add("rate-chart");
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
                connectedLines.clear();
                rateLines.clear();
            }
            sync();
        });
        sync();
        Label title = new Label("Last 15 minutes");
        title.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(4, title, caption("Connected clients", "chart-caption-connected"), connected,
                caption("Notifications / min", "chart-caption-rate"), rate);
        // The lines have no text a screen reader could read: the card is one Tab stop that says them in words.
        box.setId("charts");
        box.getStyleClass().add("charts-card");
        box.setFocusTraversable(true);
        box.setAccessibleRole(AccessibleRole.TEXT);
        box.accessibleTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Last 15 minutes. "
                + ChartWords.of("Connected clients", vm.points(), StatsPoint::connected) + ". "
                + ChartWords.of("Notifications per minute", vm.points(), StatsPoint::notificationsPerMinute) + ".",
                vm.points()));
        VBox.setVgrow(connected, Priority.ALWAYS);
        VBox.setVgrow(rate, Priority.ALWAYS);
        box.getStyleClass().add("card");
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    // Names the chart below it, in its line's colour (in place of a legend).
    private static Label caption(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().addAll("chart-caption", style);
        return l;
    }

    private static LineChart<Number, Number> chart(String id, NumberAxis time,
                                                   ObservableList<XYChart.Series<Number, Number>> lines,
                                                   ObservableValue<ChartScale> scale) {
        NumberAxis values = new NumberAxis();
        values.setAutoRanging(false);
        values.setLowerBound(0);
        values.setMinorTickVisible(false);
        values.setMinWidth(VALUE_AXIS_WIDTH);
        values.setPrefWidth(VALUE_AXIS_WIDTH);
        // The scale's ticks are whole numbers; counts never read "0.5".
        values.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return String.valueOf(n.longValue());
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        scale.subscribe(s -> {
            values.setUpperBound(s.upper());
            values.setTickUnit(s.tick());
        });
        LineChart<Number, Number> chart = new LineChart<>(time, values, lines);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        chart.setMinHeight(110);
        return chart;
    }

    private NumberAxis timeAxis() {
        NumberAxis axis = new NumberAxis();
        axis.setAutoRanging(false);
        axis.setTickUnit(180);
        axis.setMinorTickVisible(false);
        axis.setTickLabelFormatter(new StringConverter<>() {
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
        return axis;
    }

    // Points leave at the front and arrive at the end: move only those, not the whole series.
    private void sync() {
        var points = vm.points();
        long first = points.isEmpty() ? Long.MAX_VALUE : points.getFirst().time().getEpochSecond();
        long last = follow(connectedLines, first, StatsPoint::connected);
        follow(rateLines, first, StatsPoint::notificationsPerMinute);
        // The window grows to 15 minutes: a young server's minute fills the chart rather than a sliver.
        long now = points.isEmpty() ? Instant.now().getEpochSecond() : last;
        long from = Math.max(now - DashboardViewModel.WINDOW.toSeconds(),
                points.isEmpty() ? now : points.getFirst().time().getEpochSecond());
        long span = Math.max(60, now - from);
        withSeconds = span < 600;
        for (NumberAxis axis : new NumberAxis[] {connectedTime, rateTime}) {
            axis.setLowerBound(now - span);
            axis.setUpperBound(now);
            axis.setTickUnit(span / 5.0);
        }
    }

    // Trims what left the front, adds what arrived; returns the time of the last point drawn.
    private long follow(ObservableList<XYChart.Series<Number, Number>> lines, long first,
                        Function<StatsPoint, Number> value) {
        while (!lines.isEmpty()) {
            var data = lines.getFirst().getData();
            while (!data.isEmpty() && data.getFirst().getXValue().longValue() < first) {
                data.removeFirst();
            }
            if (!data.isEmpty() || lines.size() == 1) {
                break;
            }
            lines.removeFirst(); // the stretch before a restart has left the window
        }
        if (lines.isEmpty()) {
            lines.add(new XYChart.Series<>());
        }
        var data = lines.getLast().getData();
        long last = data.isEmpty() ? Long.MIN_VALUE : data.getLast().getXValue().longValue();
        for (StatsPoint p : vm.points()) {
            long x = p.time().getEpochSecond();
            if (x > last) {
                if (p.afterGap() && !data.isEmpty()) {
                    lines.add(new XYChart.Series<>());
                    data = lines.getLast().getData();
                } else if (!data.isEmpty()) {
                    // Steps, not slopes: counts change at a moment. Three clients that came at once drew a
                    // ramp over the ten seconds between history points (an operator's QA pass).
                    data.add(new XYChart.Data<>(x, data.getLast().getYValue()));
                }
                data.add(new XYChart.Data<>(x, value.apply(p)));
                last = x;
            }
        }
        return last;
    }
}
