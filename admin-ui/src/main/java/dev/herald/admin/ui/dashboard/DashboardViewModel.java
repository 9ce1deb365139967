package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.Numbers;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.connection.FeedListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableNumberValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's numbers: connected clients now, counters and per-minute rates, the last
 * 15 minutes as chart points, and subscribers per topic and user ({@link Breakdowns}). Fed by the stats feed, never polls.
 * <p>
 * Only live while connected: once the connection is lost the numbers read "—", the topic and
 * user breakdowns empty, and {@link #statusProperty()} says when the last update came; the chart
 * keeps its points as a record of the past.
 */
public final class DashboardViewModel implements FeedListener {
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Shown instead of a number that is not live. */
    public static final String NO_VALUE = "—";
    static final String LIVE_STATUS = "Live from the stats feed, once a second";
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Clock clock;
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not connected · no data yet");
    // When the last stats arrived here (local clock), null before the first.
    private Instant lastUpdate;

    private final ReadOnlyIntegerWrapper connected = new ReadOnlyIntegerWrapper();
    private final ReadOnlyLongWrapper notificationsPerMinute = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper notifications = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper deliveries = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper deliveriesPerMinute = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper dropped = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper uptime = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper node = new ReadOnlyStringWrapper("");
    // Cluster mode only: "12 in the cluster on 3 nodes"; empty for a single node.
    private final ReadOnlyStringWrapper cluster = new ReadOnlyStringWrapper("");
    // "of 19,500 this node takes": how full the node is; empty while not live or from an older server.
    private final ReadOnlyStringWrapper capacity = new ReadOnlyStringWrapper("");
    private final ObservableList<StatsPoint> points = FXCollections.observableArrayList();
    // The server (connection) the points came from: a reconnect to it keeps them, another server does not.
    private HeraldClient pointsFrom;
    // Made once: a fresh wrapper per call would be garbage-collected with the listeners added to it.
    private final ObservableList<StatsPoint> pointsView = FXCollections.unmodifiableObservableList(points);
    private final Breakdowns breakdowns = new Breakdowns();
    // An axis each: on one shared with 300 notifications/min, a few connected clients lay flat on zero.
    private final ReadOnlyObjectWrapper<ChartScale> connectedScale = new ReadOnlyObjectWrapper<>(ChartScale.fitting(0));
    private final ReadOnlyObjectWrapper<ChartScale> rateScale = new ReadOnlyObjectWrapper<>(ChartScale.fitting(0));

    public DashboardViewModel() {
        this(Clock.systemDefaultZone());
    }

    DashboardViewModel(Clock clock) {
        this.clock = clock;
        points.addListener((javafx.beans.InvalidationListener) o -> {
            connectedScale.set(ChartScale.fitting(points.stream().mapToLong(StatsPoint::connected).max().orElse(0)));
            rateScale.set(ChartScale.fitting(points.stream().mapToLong(StatsPoint::notificationsPerMinute).max().orElse(0)));
        });
    }

    @Override
    public void connected(HeraldClient client, JsonNode stats) {
        live.set(true);
        status.set(LIVE_STATUS);
        List<StatsPoint> seed = new ArrayList<>();
        for (JsonNode p : stats.path("history")) {
            seed.add(new StatsPoint(Instant.parse(p.path("time").asText()), p.path("connected").asInt(),
                    p.path("notificationsPerMinute").asLong()));
        }
        // Now, too: a restarted server's history is empty for its first 10 s, and the gap goes before now.
        Instant now = timeOf(stats);
        if (seed.isEmpty() || seed.getLast().time().isBefore(now)) {
            seed.add(new StatsPoint(now, stats.path("connected").asInt(),
                    stats.path("perMinute").path("notifications").asLong()));
        }
        points.setAll(client != null && client == pointsFrom ? ChartRecord.rejoined(points, seed, stats) : seed);
        pointsFrom = client;
        stats(stats);
    }

    // The breakdowns would list clients that may be long gone: empty them rather than mislead.
    @Override
    public void connectionLost(String why) {
        live.set(false);
        breakdowns.clear();
        cluster.set("");
        capacity.set("");
        String last = lastUpdate == null ? "no data yet"
                : "last update " + HH_MM_SS.format(lastUpdate.atZone(clock.getZone()));
        status.set("Not live (" + why + ") · " + last);
    }

    @Override
    public void stats(JsonNode s) {
        lastUpdate = clock.instant();
        connected.set(s.path("connected").asInt());
        notifications.set(s.path("notifications").asLong());
        deliveries.set(s.path("deliveries").asLong());
        dropped.set(s.path("dropped").asLong());
        notificationsPerMinute.set(s.path("perMinute").path("notifications").asLong());
        deliveriesPerMinute.set(s.path("perMinute").path("deliveries").asLong());
        uptime.set(formatUptime(s.path("uptimeSeconds").asLong()));
        node.set(s.path("node").asText());
        cluster.set(clusterLine(s.path("cluster")));
        capacity.set(capacityLine(connected.get(), s.path("limits").path("streams").asInt(0)));
        Instant time = timeOf(s);
        if (points.isEmpty() || points.getLast().time().isBefore(time)) {
            points.add(new StatsPoint(time, connected.get(), notificationsPerMinute.get()));
        }
        Instant oldest = time.minus(WINDOW);
        while (!points.isEmpty() && points.getFirst().time().isBefore(oldest)) {
            points.removeFirst();
        }
        breakdowns.update(s);
    }

    private static Instant timeOf(JsonNode s) {
        return s.hasNonNull("time") ? Instant.parse(s.get("time").asText()) : Instant.now();
    }

    // The number moves at once on connect/disconnect; the next stats tick confirms it.
    @Override
    public void clientConnected(JsonNode client) {
        connected.set(connected.get() + 1);
    }

    @Override
    public void clientDisconnected(JsonNode event) {
        connected.set(Math.max(0, connected.get() - 1));
    }

    /** A number as the dashboard shows it: the value while live, else {@link #NO_VALUE}. */
    public StringBinding shown(ObservableNumberValue value) {
        return Bindings.createStringBinding(() -> live.get() ? Numbers.of(value.getValue()) : NO_VALUE,
                live, value);
    }

    /** True from a successful (re)connect until the connection is lost. */
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    /** "Live from the stats feed…" or, when not live, why and the time of the last update. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    static String formatUptime(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        if (d > 0) {
            return d + "d " + h + "h";
        }
        if (h > 0) {
            return h + "h " + m + "m";
        }
        return m + "m " + seconds % 60 + "s";
    }

    /** "of 19,500 this node takes", "(nearly full)" from 90 %; empty when the server does not say. */
    static String capacityLine(int connected, int streams) {
        if (streams <= 0) {
            return "";
        }
        return "of " + Numbers.of(streams) + " this node takes"
                + (connected >= streams * 0.9 ? " (nearly full)" : "");
    }

    /** How full this node is (its stream total), else empty. */
    public ReadOnlyStringProperty capacityProperty() {
        return capacity.getReadOnlyProperty();
    }

    static String clusterLine(JsonNode c) {
        if (!"redis".equals(c.path("mode").asText())) {
            return "";
        }
        JsonNode t = c.path("totals");
        int nodes = t.path("nodes").asInt();
        return Numbers.of(t.path("connections").asInt()) + " in the cluster on " + nodes + (nodes == 1 ? " node" : " nodes")
                + (c.hasNonNull("error") ? " (other nodes unreachable)" : "");
    }

    /** Cluster totals line (cluster mode), else empty; the big number is this node's. */
    public ReadOnlyStringProperty clusterProperty() {
        return cluster.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty notificationsPerMinuteProperty() {
        return notificationsPerMinute.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty notificationsProperty() {
        return notifications.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty deliveriesProperty() {
        return deliveries.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty deliveriesPerMinuteProperty() {
        return deliveriesPerMinute.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty droppedProperty() {
        return dropped.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty uptimeProperty() {
        return uptime.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nodeProperty() {
        return node.getReadOnlyProperty();
    }

    /** Chart points of the last 15 minutes, oldest first (read-only for views). */
    public ObservableList<StatsPoint> points() {
        return pointsView;
    }

    /** The connected-clients chart's axis, fitted to the points shown. */
    public ReadOnlyObjectProperty<ChartScale> connectedScaleProperty() {
        return connectedScale.getReadOnlyProperty();
    }

    /** The notifications-per-minute chart's axis, fitted to the points shown. */
    public ReadOnlyObjectProperty<ChartScale> rateScaleProperty() {
        return rateScale.getReadOnlyProperty();
    }

    /** Subscribers per topic, busiest first (the server lists at most its 100 busiest). */
    public ObservableList<TopicCount> topics() {
        return breakdowns.topics();
    }

    /** Empty, or how many topics the table leaves out ("The 100 busiest of 5,231 topics"). */
    public ReadOnlyStringProperty topicsNoteProperty() {
        return breakdowns.topicsNoteProperty();
    }

    public ReadOnlyStringProperty usersNoteProperty() {
        return breakdowns.usersNoteProperty();
    }

    /** Connections per signed-in user (anonymous clients are not listed). */
    public ObservableList<UserCount> users() {
        return breakdowns.users();
    }
}
