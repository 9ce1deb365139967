package dev.herald.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.cluster.ClusterSnapshot;
import dev.herald.cluster.NodeReport;
import dev.herald.hub.Audience;
import dev.herald.hub.Hub;
import dev.herald.hub.HubStats;
import dev.herald.notify.NotificationParser;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds the stats document of GET /admin/stats and of each {@code stats} event on the stream:
 * connections now (total, per topic, per user), counters since start, per-minute rates, uptime.
 */
final class StatsSnapshots {
    private final Hub hub;
    private final StatsHistory history;
    private final Instant started;
    private final int maxMessage;
    private final int maxStreams;
    private final Supplier<ClusterSnapshot> cluster;

    /**
     * @param cluster the cluster's totals and nodes (presence reports), or null for a hub on its own
     */
    StatsSnapshots(Hub hub, StatsHistory history, int maxMessage, int maxStreams, Supplier<ClusterSnapshot> cluster) {
        this.hub = hub;
        this.maxStreams = maxStreams;
        this.history = history;
        this.started = hub.clock().instant();
        this.maxMessage = maxMessage;
        this.cluster = cluster;
    }

    /**
     * How many topics and users a snapshot lists (those with the most connections). The stream sends a
     * snapshot every second to every operator: with a topic per signed-in user (the README's private
     * topic example), 5,000 users made it ~200 KB a second, for a table nobody scrolls that far down.
     */
    static final int LISTED = 100;

    /** Records this second's counters (the stream's ticker calls it once a second). */
    void sample() {
        history.add(hub.clock().instant(), hub.stats());
    }

    ObjectNode snapshot() {
        Instant now = hub.clock().instant();
        HubStats stats = hub.stats();
        Audience audience = hub.audience();
        Map<String, Integer> topics = audience.topics();
        Map<String, Integer> users = audience.users();
        ObjectNode n = AdminJson.JSON.createObjectNode();
        n.put("node", hub.nodeId());
        n.put("time", AdminJson.time(now));
        n.put("startedAt", AdminJson.time(started));
        n.put("uptimeSeconds", Duration.between(started, now).toSeconds());
        n.put("connected", audience.connections());
        n.putPOJO("topics", busiest(topics));
        n.put("topicCount", topics.size());
        n.putPOJO("users", busiest(users));
        n.put("userCount", users.size());
        n.put("notifications", stats.published());
        n.put("deliveries", stats.deliveries());
        n.put("dropped", stats.dropped());
        n.put("replayed", stats.replayed());
        n.put("connects", stats.connects());
        StatsHistory.Rates rates = history.perMinute(now, stats);
        ObjectNode perMinute = n.putObject("perMinute");
        perMinute.put("notifications", rates.notifications());
        perMinute.put("deliveries", rates.deliveries());
        perMinute.put("connects", rates.connects());
        perMinute.put("dropped", rates.dropped());
        n.put("latestId", hub.log().latestId());
        ObjectNode limits = n.putObject("limits");
        limits.put("message", maxMessage);
        limits.put("title", NotificationParser.MAX_TITLE);
        limits.put("tags", NotificationParser.MAX_TAGS);
        limits.put("tag", NotificationParser.MAX_TAG);
        limits.put("url", NotificationParser.MAX_URL);
        limits.put("ttl", NotificationParser.MAX_TTL);
        limits.put("streams", maxStreams); // this node's, beside "connected"
        if (cluster != null) {
            // Everything above is this node; "cluster" has the totals over all live nodes and each node.
            n.putPOJO("cluster", listed(cluster.get()));
        }
        return n;
    }

    // The LISTED entries with the most connections (ties by name), in name order.
    static Map<String, Integer> busiest(Map<String, Integer> counts) {
        if (counts.size() <= LISTED) {
            return counts;
        }
        Map<String, Integer> kept = new TreeMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(LISTED)
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    // The cluster part with the same LISTED cut (GET /cluster keeps every entry).
    private static ClusterSnapshot listed(ClusterSnapshot c) {
        ClusterSnapshot.Totals t = c.totals();
        return new ClusterSnapshot(c.mode(), c.self(),
                new ClusterSnapshot.Totals(t.nodes(), t.connections(), busiest(t.topics()), busiest(t.users()), t.published()),
                c.nodes().stream().map(r -> new NodeReport(r.node(), r.address(), r.connections(), busiest(r.topics()),
                        busiest(r.users()), r.published(), r.startedAt(), r.updatedAt())).toList(),
                c.error());
    }

    /** The snapshot plus the last 15 minutes sampled every 10 s, to seed the dashboard chart. */
    ObjectNode snapshotWithHistory() {
        ObjectNode n = snapshot();
        ArrayNode series = n.putArray("history");
        var samples = history.every(Duration.ofSeconds(10));
        for (StatsHistory.Sample s : samples) {
            HubStats minuteAgo = history.at(s.time().minusSeconds(60));
            ObjectNode p = series.addObject();
            p.put("time", AdminJson.time(s.time()));
            p.put("connected", s.stats().connected());
            p.put("notificationsPerMinute", minuteAgo == null ? 0
                    : StatsHistory.rates(minuteAgo, s.stats()).notifications());
        }
        return n;
    }
}
