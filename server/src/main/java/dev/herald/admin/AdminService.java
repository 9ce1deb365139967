package dev.herald.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.http.ApiException;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Head;
import dev.herald.http.Query;
import dev.herald.http.Responses;
import dev.herald.cluster.ClusterPresence;
import dev.herald.hub.Hub;
import dev.herald.hub.Subscriber;
import dev.herald.lifecycle.Lifecycle;
import dev.herald.lifecycle.LifecycleJson;
import dev.herald.lifecycle.LocalCounts;
import dev.herald.lifecycle.NotificationCounts;
import dev.herald.lifecycle.Notifications;
import dev.herald.lifecycle.ReceiptLedger;
import dev.herald.notify.Topics;
import dev.herald.store.EventFilter;
import dev.herald.store.StoredEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin}: what operators see — stats now and as a live SSE feed, connected clients
 * (and disconnecting one), recent notifications with recipient and delivery counts.
 * Operator-only once authentication exists (its own issue adds the filter in front of this).
 */
public final class AdminService implements HttpService {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(AdminService.class.getName());
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Hub hub;
    private final StatsSnapshots snapshots;
    private final StatsStream stream;
    private final NotificationCounts counts;
    private final boolean receipts; // with a lifecycle: pages' receipts in history rows and receipt events

    /**
     * With a lifecycle: history rows carry seen counts and the stats feed sends {@code receipt} events,
     * and {@code scheduled} events when the pending scheduled notifications change.
     * With cluster presence: stats carry {@code cluster} (totals over every live node, and each node).
     * {@code maxStreams} is this node's total of streams ({@code herald.limits.connections.total}).
     */
    public AdminService(Hub hub, int maxMessage, int maxStreams, Lifecycle lifecycle, ClusterPresence presence) {
        this.hub = hub;
        this.receipts = lifecycle != null;
        this.counts = lifecycle != null ? lifecycle.counts() : new LocalCounts(hub, new ReceiptLedger(1));
        this.snapshots = new StatsSnapshots(hub, new StatsHistory(), maxMessage, maxStreams,
                presence == null ? null : presence::snapshot);
        ScheduledChanges scheduled = lifecycle == null ? null : new ScheduledChanges(lifecycle.scheduler());
        this.stream = new StatsStream(hub, snapshots, watched -> {
            List<byte[]> frames = new java.util.ArrayList<>(receiptEvents()); // drained, watched or not
            if (scheduled != null) {
                frames.addAll(scheduled.events(watched));
            }
            return frames;
        });
    }

    // Receipt counts that changed since the last tick, one {@code receipt} event each (so at most one per second per id).
    private List<byte[]> receiptEvents() {
        if (!receipts) {
            return List.of();
        }
        List<byte[]> frames = new java.util.ArrayList<>();
        try {
            for (NotificationCounts.Counts c : counts.of(counts.drainChanged()).values()) {
                frames.add(dev.herald.hub.SseFrame.named("receipt", LifecycleJson.receipts(c, false).toString()));
            }
        } catch (RuntimeException e) { // the stats ticker calls this: it must not end the feed
            LOG.log(java.util.logging.Level.WARNING, "receipt events skipped this tick", e);
        }
        return frames;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/stats", this::stats)
                .head("/stats", Head.of(this::stats))
                .any("/stats", ErrorHandling.methodNotAllowed("GET, HEAD"))
                .get("/stats/stream", this::statsStream)
                .head("/stats/stream", (req, res) -> {
                    Head.eventStream(res);
                    res.send();
                })
                .any("/stats/stream", ErrorHandling.methodNotAllowed("GET, HEAD"))
                .get("/clients", this::clients)
                .head("/clients", Head.of(this::clients))
                .any("/clients", ErrorHandling.methodNotAllowed("GET, HEAD"))
                .delete("/clients/{id}", this::disconnect)
                .any("/clients/{id}", ErrorHandling.methodNotAllowed("DELETE"))
                .get("/notifications", this::notifications)
                .head("/notifications", Head.of(this::notifications))
                .any("/notifications", ErrorHandling.methodNotAllowed("GET, HEAD"));
    }

    private void stats(ServerRequest req, ServerResponse res) {
        Responses.sendJson(res, 200, snapshots.snapshotWithHistory().toString());
    }

    private void statsStream(ServerRequest req, ServerResponse res) {
        StatsConnection c = stream.open();
        Head.eventStream(res);
        try (OutputStream out = res.outputStream()) {
            c.run(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // The operator left (Helidon reports it as ServerConnectionException); nothing to tell.
        } finally {
            stream.close(c);
        }
    }

    private void clients(ServerRequest req, ServerResponse res) {
        ObjectNode body = AdminJson.JSON.createObjectNode();
        ArrayNode list = body.putArray("clients");
        hub.subscribers().stream()
                .sorted(Comparator.comparing((Subscriber s) -> s.info().connectedAt()).thenComparing(Subscriber::id))
                .forEach(s -> list.add(AdminJson.client(s)));
        body.put("count", list.size());
        Responses.sendJson(res, 200, body.toString());
    }

    private void disconnect(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!hub.kick(id)) {
            throw new ApiException(404, "unknown_client", "no connected client with id " + id);
        }
        res.status(204).send();
    }

    /**
     * Newest last, like GET /notifications, and {@code topic=} filters the same way (the topic and
     * broadcasts); includes every user's and expired ones (operators look back). It ignored {@code topic=}
     * and answered every topic as if filtered.
     */
    private void notifications(ServerRequest req, ServerResponse res) {
        Query.refuseNearMisses(req, QUERY);
        int limit = Query.limit(Query.single(req, "limit"), DEFAULT_LIMIT, MAX_LIMIT);
        Query.Cursor at = Query.cursor(req);
        List<String> topics = req.query().all("topic", List::of);
        EventFilter filter = new EventFilter(topics.isEmpty() ? null : Topics.parse(topics), null, Instant.EPOCH,
                t -> true, true);
        long latestId = hub.log().latestId(); // before the page, as in HistoryService
        Notifications.Page read = Notifications.page(hub.log(), at.after(), at.before(), filter, limit);
        List<StoredEvent> page = read.events();
        ObjectNode body = AdminJson.JSON.createObjectNode();
        ArrayNode list = body.putArray("notifications");
        Map<Long, NotificationCounts.Counts> pageCounts = counts.of(page.stream().map(StoredEvent::id).toList());
        for (StoredEvent e : page) {
            list.add(withCounts(e, pageCounts.get(e.id())));
        }
        body.put("count", list.size());
        body.put("hasMore", read.hasMore());
        body.put("latestId", latestId);
        Responses.sendJson(res, 200, body.toString());
    }

    // What GET /admin/notifications reads from the query.
    private static final List<String> QUERY = List.of("topic", "after", "before", "limit");

    private ObjectNode withCounts(StoredEvent e, NotificationCounts.Counts c) {
        ObjectNode n = LifecycleJson.forOperators(e);
        if (n == null) {
            n = AdminJson.JSON.createObjectNode().put("id", e.id());
        }
        // null where unknown: older than the ledgers keep, or from before a restart (not "no page reported it")
        putCount(n, "recipients", c.recipients());
        putCount(n, "delivered", c.delivered());
        if (receipts) {
            putCount(n, "pagesDelivered", c.pagesDelivered());
            putCount(n, "seen", c.seen());
        }
        return n;
    }

    private static void putCount(ObjectNode n, String field, Number value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.longValue());
        }
    }
}
