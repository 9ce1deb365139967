package dev.herald.lifecycle;

import dev.herald.hub.DeliveryLedger;
import dev.herald.hub.Hub;
import dev.herald.store.RedisScript;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Counts of a cluster: every node's added up. A node delivers to its own streams and takes receipts
 * from its own pages, so each keeps its own ({@link LocalCounts}) and writes what changed to Redis
 * once a second, in {@code <stream>:counts:<id>} (fields {@code <node>:d} = {@code recipients,delivered}
 * and {@code <node>:p} = {@code pagesDelivered,seen}) and {@code <stream>:counts:<id>:users} (a JSON
 * list per node). Readers add up the nodes; this node's own come from memory while it still holds
 * them, else from what it wrote. Only the newest {@link #KEPT} notifications keep counts (the index
 * {@code <stream>:counts} trims the rest), each at most {@link #KEEP} after its last change. A node
 * that restarts has a new id, so what it counted before stays in the totals.
 */
public final class ClusterCounts implements NotificationCounts {
    static final Duration KEEP = Duration.ofDays(7);
    static final int KEPT = 10_000;
    private static final Logger LOG = Logger.getLogger(ClusterCounts.class.getName());
    // The stats feed watches this many of the newest notifications for other nodes' changes.
    private static final int WATCHED = 50;
    // KEYS: the index. ARGV: key prefix, how many to keep. Drops the oldest notifications' counts.
    private static final RedisScript TRIM = RedisScript.of("""
            local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
            if over <= 0 then return 0 end
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do
              redis.call('DEL', ARGV[1] .. id, ARGV[1] .. id .. ':users')
            end
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
            return over""");

    private final Hub hub;
    private final ReceiptLedger receipts;
    private final LocalCounts local;
    private final RedisClient redis;
    private final String index;
    private final String prefix;
    private final String node;
    private final Object flushLock = new Object();
    private final Map<Long, String> written = new HashMap<>();   // under flushLock: what Redis has of ours
    private final Map<Long, Counts> emitted = new HashMap<>();   // under this: what the feed last said
    private final Thread flusher;
    private volatile boolean closed;

    public ClusterCounts(Hub hub, ReceiptLedger receipts, RedisClient redis, String streamKey) {
        this.hub = hub;
        this.receipts = receipts;
        this.local = new LocalCounts(hub, receipts);
        this.redis = redis;
        this.index = streamKey + ":counts";
        this.prefix = streamKey + ":counts:";
        this.node = hub.nodeId();
        this.flusher = EverySecond.start("herald-counts", () -> closed || hub.isClosed(), this::flush, LOG,
                "write delivery counts to redis");
    }

    /** Writes this node's counts that changed since the last flush (never "unknown" over a known value). */
    void flush() {
        synchronized (flushLock) {
            Set<Long> ids = new TreeSet<>(hub.ledger().ids());
            ids.addAll(receipts.ids());
            Map<Long, String[]> changes = new LinkedHashMap<>();
            for (long id : ids) {
                DeliveryLedger.Counts d = hub.ledger().counts(id);
                int[] p = receipts.sizes(id);
                // Known here (fanned out or delivered): written, zeros too, so "reached no one" outlives this
                // node's memory (the index keeps the key count bounded).
                String dField = d == null || (d.recipients() < 0 && d.delivered() == 0) ? null
                        : d.recipients() + "," + d.delivered();
                String pField = p == null || (p[0] == 0 && p[1] == 0) ? null : p[0] + "," + p[1];
                String before = written.get(id);
                String now = dField + "|" + pField;
                if (now.equals(before) || (dField == null && pField == null)) {
                    continue;
                }
                boolean pChanged = pField != null && (before == null || !before.endsWith("|" + pField));
                changes.put(id, new String[]{dField, pField, pChanged ? UserReceipts.json(receipts.counts(id).users()) : null});
            }
            written.keySet().retainAll(ids);
            if (changes.isEmpty()) {
                return;
            }
            RedisScript.call(() -> {
                try (AbstractPipeline pipe = redis.pipelined()) {
                    changes.forEach((id, f) -> {
                        if (f[0] != null) {
                            pipe.hset(prefix + id, node + ":d", f[0]);
                        }
                        if (f[1] != null) {
                            pipe.hset(prefix + id, node + ":p", f[1]);
                        }
                        pipe.expire(prefix + id, KEEP.toSeconds());
                        if (f[2] != null) {
                            pipe.hset(prefix + id + ":users", node, f[2]);
                        }
                        pipe.expire(prefix + id + ":users", KEEP.toSeconds()); // lives as long as its counts
                        pipe.zadd(index, id, Long.toString(id));
                    });
                    pipe.sync();
                }
                return null;
            });
            changes.forEach((id, f) -> written.put(id, f[0] + "|" + f[1]));
            TRIM.run(redis, List.of(index), List.of(prefix, Integer.toString(KEPT)));
        }
    }

    @Override
    public Map<Long, Counts> of(List<Long> ids) {
        Map<Long, Counts> totals = totals(ids);
        return totals != null ? totals : local.of(ids); // Redis away: this node's own are still worth showing
    }

    // The cluster's totals, or null when Redis cannot be read.
    private Map<Long, Counts> totals(List<Long> ids) {
        try {
            List<Response<Map<String, String>>> replies = new ArrayList<>(ids.size());
            RedisScript.call(() -> {
                try (AbstractPipeline p = redis.pipelined()) {
                    ids.forEach(id -> replies.add(p.hgetAll(prefix + id)));
                    p.sync();
                }
                return null;
            });
            Map<Long, Counts> out = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                out.put(ids.get(i), total(ids.get(i), replies.get(i).get()));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.fine(() -> "cluster counts not read: " + e.getMessage());
            return null;
        }
    }

    // Every node's fields added up; this node's own from memory while it holds them.
    private Counts total(long id, Map<String, String> fields) {
        Map<String, String> f = new HashMap<>(fields);
        DeliveryLedger.Counts d = hub.ledger().counts(id);
        if (d != null) {
            f.put(node + ":d", d.recipients() + "," + d.delivered());
        }
        int[] p = receipts.sizes(id);
        if (p != null) {
            f.put(node + ":p", p[0] + "," + p[1]);
        }
        Long recipients = null;
        Long delivered = null;
        Long pages = null;
        Long seen = null;
        for (Map.Entry<String, String> e : f.entrySet()) {
            long[] n = pair(e.getValue());
            if (n == null) {
                continue;
            }
            if (e.getKey().endsWith(":d")) {
                recipients = add(recipients, n[0]);
                delivered = add(delivered, n[1]);
            } else if (e.getKey().endsWith(":p")) {
                pages = add(pages, n[0]);
                seen = add(seen, n[1]);
            }
        }
        boolean known = recipients != null || delivered != null || pages != null;
        if (known) { // some node has it: no page reported is 0, not unknown
            pages = pages == null ? 0 : pages;
            seen = seen == null ? 0 : seen;
        }
        return new Counts(id, recipients == null ? null : recipients.intValue(), delivered,
                pages == null ? null : pages.intValue(), seen == null ? null : seen.intValue(), List.of());
    }

    // "a,b" as two numbers, or null when it is not that; -1 (unknown) is kept for add() to skip.
    private static long[] pair(String v) {
        int comma = v.indexOf(',');
        try {
            return comma < 0 ? null : new long[]{Long.parseLong(v.substring(0, comma)), Long.parseLong(v.substring(comma + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long add(Long sum, long n) {
        if (n < 0) {
            return sum;
        }
        return sum == null ? n : sum + n;
    }

    @Override
    public Counts withUsers(long id) {
        Counts c = of(id);
        Map<String, ReceiptLedger.UserReceipt> users = new TreeMap<>();
        receipts.counts(id).users().forEach(u -> users.put(u.user(), u));
        try {
            Map<String, String> lists = RedisScript.call(() -> redis.hgetAll(prefix + id + ":users"));
            lists.forEach((who, json) -> {
                if (!who.equals(node) || receipts.sizes(id) == null) {
                    UserReceipts.merge(users, UserReceipts.parse(json));
                }
            });
        } catch (RuntimeException e) {
            LOG.fine(() -> "users of " + id + " not read: " + e.getMessage());
        }
        // Each node keeps up to MAX_USERS names: so does the sum (alphabetically first, like the list's order).
        return new Counts(id, c.recipients(), c.delivered(), c.pagesDelivered(), c.seen(),
                UserReceipts.kept(users));
    }

    @Override
    public synchronized List<Long> drainChanged() {
        Set<Long> changed = new LinkedHashSet<>(local.drainChanged());
        try {
            List<Long> newest = hub.ledger().ids().stream().sorted(Comparator.reverseOrder()).limit(WATCHED).toList();
            Map<Long, Counts> now = totals(newest);
            if (now != null) { // Redis away: no comparison, or the feed would show one node's share as the total
                for (Counts c : now.values()) {
                    Counts before = emitted.put(c.id(), c);
                    // The first look is the baseline: history rows already show the counts of that moment.
                    if (before != null && (!Objects.equals(before.recipients(), c.recipients())
                            || !Objects.equals(before.pagesDelivered(), c.pagesDelivered())
                            || !Objects.equals(before.seen(), c.seen()))) {
                        changed.add(c.id());
                    }
                }
                emitted.keySet().retainAll(newest);
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "cluster counts not compared this tick: " + e.getMessage());
        }
        return new ArrayList<>(changed);
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
    }
}
