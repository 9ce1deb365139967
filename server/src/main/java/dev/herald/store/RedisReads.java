package dev.herald.store;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The Redis log's reads. A reader of some topics looks its events up in this node's {@link AudienceIndex}
 * up to the ids it has indexed, and pages the stream above them; a reader of every topic (or any reader
 * while the index is built) pages the stream, filtered in Java. Also lookups by id.
 */
final class RedisReads {
    private static final Logger LOG = Logger.getLogger(RedisReads.class.getName());
    private static final int READ_PAGE = 500;
    private static final int LOAD_PAGE = 1000;
    private final RedisClient redis;
    private final String stream;
    private final Supplier<AudienceIndex> index;

    /** @param index the node's index now (a new one when the stream starts over) */
    RedisReads(RedisClient redis, String stream, Supplier<AudienceIndex> index) {
        this.redis = redis;
        this.stream = stream;
        this.index = index;
    }

    List<StoredEvent> after(long afterId, EventFilter filter, int limit) {
        AudienceIndex index = this.index.get();
        List<String> keys = index.ready() ? AudienceIndex.keysFor(filter) : null;
        List<StoredEvent> out = new ArrayList<>();
        if (keys == null) {
            scan(afterId, Long.MAX_VALUE, false, filter, limit, out);
            return out;
        }
        long through = index.indexedThrough();
        lookUp(index, keys, afterId, through, false, filter, limit, out);
        if (out.size() < limit) { // stored, but this node's reader has not brought them to the index yet
            scan(Math.max(afterId, through), Long.MAX_VALUE, false, filter, limit, out);
        }
        return out;
    }

    List<StoredEvent> before(long beforeId, EventFilter filter, int limit) {
        List<StoredEvent> out = new ArrayList<>();
        if (beforeId <= 1) {
            return out;
        }
        AudienceIndex index = this.index.get();
        List<String> keys = index.ready() ? AudienceIndex.keysFor(filter) : null;
        long through = keys == null ? 0 : index.indexedThrough();
        if (beforeId > through + 1) { // newest first: what is above the index comes first
            scan(through, beforeId, true, filter, limit, out);
        }
        if (keys != null && out.size() < limit) {
            lookUp(index, keys, Math.min(beforeId, through + 1), through, true, filter, limit, out);
        }
        return out.reversed();
    }

    // The stream's entries between the two ids (both left out), paged from one end: XRANGE forward,
    // XREVRANGE back (which stops below id 1, the first there is).
    private void scan(long above, long below, boolean descending, EventFilter filter, int limit, List<StoredEvent> out) {
        String low = above <= 0 && descending ? "-" : "(" + above + "-0";
        String high = below == Long.MAX_VALUE ? "+" : "(" + below + "-0";
        int count = firstPage(limit - out.size());
        while (out.size() < limit) {
            String from = low;
            String to = high;
            int asked = count;
            List<StreamEntry> page = RedisScript.call(() -> descending ? redis.xrevrange(stream, to, from, asked)
                    : redis.xrange(stream, from, to, asked));
            keep(page, filter, limit, out);
            long last = page.isEmpty() ? 0 : page.getLast().getID().getTime();
            if (page.size() < asked || (descending && last <= 1)) {
                return;
            }
            if (descending) {
                high = "(" + last + "-0";
            } else {
                low = "(" + last + "-0";
            }
            count = READ_PAGE;
        }
    }

    // Pages of ids from the index (up to what it has indexed), each read by a range when its ids lie
    // close together (the filter drops the few entries of others), else by id, pipelined.
    private void lookUp(AudienceIndex index, List<String> keys, long start, long through, boolean descending,
                        EventFilter filter, int limit, List<StoredEvent> out) {
        index.walk(keys, start, through, descending, () -> limit - out.size(), (ids, dense) -> {
            int n = ids.length;
            if (dense) {
                String low = Math.min(ids[0], ids[n - 1]) + "-0";
                String high = Math.max(ids[0], ids[n - 1]) + "-0";
                keep(RedisScript.call(() -> descending ? redis.xrevrange(stream, high, low)
                        : redis.xrange(stream, low, high)), filter, limit, out);
            } else {
                keep(entries(ids), filter, limit, out);
            }
        });
    }

    // A lookup of one id (limit 1) or a history page of 20 asks for that many entries first: a page of
    // 500 made a point read cost ~1.5 ms (transfer and decoding), ~300 ms for a batch of 200 receipts.
    // When the filter skipped some, the following pages are full ones.
    private static int firstPage(int limit) {
        return Math.max(1, Math.min(READ_PAGE, limit));
    }

    // Decodes only up to what the reader still wants.
    private static void keep(List<StreamEntry> page, EventFilter filter, int limit, List<StoredEvent> out) {
        for (StreamEntry entry : page) {
            if (out.size() >= limit) {
                return;
            }
            StoredEvent e = RedisEntries.decode(entry);
            if (filter.matches(e)) {
                out.add(e);
            }
        }
    }

    Map<Long, StoredEvent> ids(Collection<Long> ids) {
        long[] wanted = ids.stream().filter(id -> id >= 1).distinct().mapToLong(Long::longValue).toArray();
        Map<Long, StoredEvent> found = new HashMap<>();
        for (StreamEntry entry : entries(wanted)) {
            StoredEvent e = RedisEntries.decode(entry);
            found.put(e.id(), e);
        }
        return found;
    }

    // One pipelined XRANGE per id, in the order given; ids not there are left out. A receipts batch of
    // 200 ids is one round trip, not 200.
    private List<StreamEntry> entries(long[] ids) {
        List<Response<List<StreamEntry>>> answers = new ArrayList<>(ids.length);
        if (ids.length > 0) {
            RedisScript.call(() -> {
                try (AbstractPipeline p = redis.pipelined()) {
                    for (long id : ids) {
                        answers.add(p.xrange(stream, id + "-0", id + "-0", 1));
                    }
                    p.sync();
                }
                return null;
            });
        }
        List<StreamEntry> out = new ArrayList<>(answers.size());
        for (Response<List<StreamEntry>> answer : answers) {
            out.addAll(RedisScript.call(answer::get));
        }
        return out;
    }

    /**
     * The audience index's source: the stream's entries up to an id, a page at a time. While Redis is
     * away (or still loading its data) it waits and goes on, logged once; a refusal that waiting cannot
     * mend (a missing permission, a key of another type) ends it, and reads then scan. Once the log is
     * closed it stops (what it got is merged, never read).
     */
    AudienceIndex.Source audience(BooleanSupplier closed) {
        return (through, into) -> {
            String cursor = "-";
            long backoff = 100;
            while (!closed.getAsBoolean()) {
                String from = cursor;
                List<StreamEntry> page;
                try {
                    page = RedisScript.call(() -> redis.xrange(stream, from, through + "-0", LOAD_PAGE));
                } catch (EventLogException e) {
                    if (refusedForGood(e)) {
                        throw e;
                    }
                    if (backoff == 100) {
                        LOG.warning("indexing " + stream + " waits for redis (" + e.getMessage() + "); reads scan meanwhile");
                    }
                    Thread.sleep(backoff);
                    backoff = Math.min(2_000, backoff * 2);
                    continue;
                }
                for (StreamEntry entry : page) {
                    var f = entry.getFields();
                    into.add(entry.getID().getTime(), StoredNames.split(f.get("topics")), StoredNames.split(f.get("users")));
                }
                if (page.size() < LOAD_PAGE) {
                    return;
                }
                cursor = "(" + page.getLast().getID().getTime() + "-0";
            }
        };
    }

    static boolean refusedForGood(EventLogException e) {
        String m = e.getCause() instanceof JedisDataException d && d.getMessage() != null ? d.getMessage() : "";
        return m.startsWith("NOPERM") || m.startsWith("WRONGTYPE");
    }
}
