package dev.herald.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.herald.hub.DeliveryLedger;
import dev.herald.hub.Hub;
import dev.herald.store.RedisScript;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Counts of a cluster: every node's added up. A node delivers to its own streams and takes receipts
 * from its own pages, so each keeps its own ({@link LocalCounts}) and writes the ones that changed to
 * Redis once a second: {@code <stream>:counts:<id>}, a hash with a field per node
 * ({@code recipients,delivered,pagesDelivered,seen}; -1 for unknown) and {@code <node>:users} (JSON).
 * Readers add the fields up, with this node's own from memory (fresher). A node that restarts has a
 * new id, so what it counted before stays in the totals. Kept {@link #KEEP} after the last change.
 */
public final class ClusterCounts implements NotificationCounts {
    static final Duration KEEP = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(ClusterCounts.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    // The stats feed watches this many of the newest notifications for other nodes' changes.
    private static final int WATCHED = 50;

    private final Hub hub;
    private final ReceiptLedger receipts;
    private final LocalCounts local;
    private final RedisClient redis;
    private final String prefix;
    private final String node;
    private final Map<Long, String> written = new HashMap<>();   // the flusher's: what Redis has of ours
    private final Map<Long, Counts> emitted = new HashMap<>();   // drainChanged's: what the feed last said
    private final Thread flusher;
    private volatile boolean closed;

    public ClusterCounts(Hub hub, ReceiptLedger receipts, RedisClient redis, String streamKey) {
        this.hub = hub;
        this.receipts = receipts;
        this.local = new LocalCounts(hub, receipts);
        this.redis = redis;
        this.prefix = streamKey + ":counts:";
        this.node = hub.nodeId();
        this.flusher = Thread.ofPlatform().daemon().name("herald-counts").start(this::flushLoop);
    }

    private void flushLoop() {
        boolean failing = false;
        while (!closed && !hub.isClosed()) {
            try {
                Thread.sleep(1_000);
                flush();
                if (failing) {
                    LOG.info("delivery counts reach redis again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!failing) { // once per outage; what changed meanwhile is written once Redis is back
                    LOG.warning("cannot write delivery counts to redis (" + e.getMessage() + "); trying every second");
                    failing = true;
                }
            }
        }
    }

    /** Writes this node's counts that changed since the last flush. */
    synchronized void flush() {
        Set<Long> ids = new TreeSet<>(hub.ledger().ids());
        ids.addAll(receipts.ids());
        written.keySet().retainAll(ids);
        Map<Long, String[]> changes = new LinkedHashMap<>();
        for (long id : ids) {
            String[] own = own(id);
            if (!(own[0] + "\n" + own[1]).equals(written.get(id))) {
                changes.put(id, own);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        RedisScript.call(() -> {
            try (AbstractPipeline p = redis.pipelined()) {
                changes.forEach((id, own) -> {
                    p.hset(prefix + id, node, own[0]);
                    if (own[1] != null) {
                        p.hset(prefix + id, node + ":users", own[1]);
                    }
                    p.expire(prefix + id, KEEP.toSeconds());
                });
                p.sync();
            }
            return null;
        });
        changes.forEach((id, own) -> written.put(id, own[0] + "\n" + own[1]));
    }

    private String[] own(long id) {
        DeliveryLedger.Counts d = hub.ledger().counts(id);
        ReceiptLedger.Counts r = receipts.counts(id);
        String counts = (d == null ? -1 : d.recipients()) + "," + (d == null ? -1 : d.delivered()) + ","
                + r.delivered() + "," + r.seen();
        return new String[]{counts, r.users().isEmpty() ? null : usersJson(r.users())};
    }

    private static String usersJson(List<ReceiptLedger.UserReceipt> users) {
        ArrayNode a = JSON.createArrayNode();
        for (ReceiptLedger.UserReceipt u : users) {
            a.addObject().put("user", u.user())
                    .put("delivered", u.delivered() == null ? null : u.delivered().toString())
                    .put("seen", u.seen() == null ? null : u.seen().toString());
        }
        return a.toString();
    }

    @Override
    public Map<Long, Counts> of(List<Long> ids) {
        Map<Long, Counts> mine = local.of(ids);
        List<Response<Map<String, String>>> replies = new ArrayList<>(ids.size());
        try {
            RedisScript.call(() -> {
                try (AbstractPipeline p = redis.pipelined()) {
                    ids.forEach(id -> replies.add(p.hgetAll(prefix + id)));
                    p.sync();
                }
                return null;
            });
        } catch (RuntimeException e) {
            return mine; // Redis away: this node's own are still worth showing
        }
        Map<Long, Counts> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            out.put(id, merge(mine.get(id), replies.get(i).get()));
        }
        return out;
    }

    // This node's counts plus every other node's fields.
    private Counts merge(Counts own, Map<String, String> fields) {
        Integer recipients = own.recipients();
        Long delivered = own.delivered();
        Integer pages = own.pagesDelivered();
        Integer seen = own.seen();
        Map<String, ReceiptLedger.UserReceipt> users = new TreeMap<>();
        own.users().forEach(u -> users.put(u.user(), u));
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String name = f.getKey();
            if (name.equals(node) || name.equals(node + ":users")) {
                continue;
            }
            if (name.endsWith(":users")) {
                for (ReceiptLedger.UserReceipt u : parseUsers(f.getValue())) {
                    users.merge(u.user(), u, (a, b) -> new ReceiptLedger.UserReceipt(a.user(),
                            earliest(a.delivered(), b.delivered()), earliest(a.seen(), b.seen())));
                }
                continue;
            }
            String[] n = f.getValue().split(",");
            if (n.length != 4) {
                continue; // not ours
            }
            long r = Long.parseLong(n[0]);
            long d = Long.parseLong(n[1]);
            recipients = r < 0 ? recipients : (int) ((recipients == null ? 0 : recipients) + r);
            delivered = d < 0 ? delivered : (delivered == null ? 0 : delivered) + d;
            pages = (pages == null ? 0 : pages) + Integer.parseInt(n[2]);
            seen = (seen == null ? 0 : seen) + Integer.parseInt(n[3]);
        }
        return new Counts(own.id(), recipients, delivered, pages, seen, List.copyOf(users.values()));
    }

    private static List<ReceiptLedger.UserReceipt> parseUsers(String json) {
        List<ReceiptLedger.UserReceipt> out = new ArrayList<>();
        try {
            for (JsonNode u : JSON.readTree(json)) {
                out.add(new ReceiptLedger.UserReceipt(u.path("user").asText(), instant(u.path("delivered")),
                        instant(u.path("seen"))));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.fine(() -> "unreadable user receipts in redis: " + e.getMessage());
        }
        return out;
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    @Override
    public synchronized List<Long> drainChanged() {
        Set<Long> changed = new LinkedHashSet<>(local.drainChanged());
        try {
            List<Long> newest = hub.ledger().ids().stream().sorted(Comparator.reverseOrder()).limit(WATCHED).toList();
            for (Counts now : of(newest).values()) {
                Counts before = emitted.put(now.id(), now);
                if (before == null || !java.util.Objects.equals(before.recipients(), now.recipients())
                        || !java.util.Objects.equals(before.pagesDelivered(), now.pagesDelivered())
                        || !java.util.Objects.equals(before.seen(), now.seen())) {
                    changed.add(now.id());
                }
            }
            emitted.keySet().retainAll(newest);
        } catch (RuntimeException e) {
            LOG.fine(() -> "cluster counts not read this tick: " + e.getMessage());
        }
        return new ArrayList<>(changed);
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
    }
}
