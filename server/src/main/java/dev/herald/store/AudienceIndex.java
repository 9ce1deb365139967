package dev.herald.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who each stored event is for, in memory: the ids under each audience key, in order. A reader of some
 * topics looks its keys up and reads just those events, instead of having the log scan every event
 * after its cursor. Without it a stream whose few events lie behind 100,000 for others (a signed-in
 * user's tab back after a night) scanned all 100,000: 30–45 ms from SQLite inside the setup slot every
 * other new stream waits for, 250–400 ms from Redis. In memory, not a SQLite table: such a table cost a
 * publish two to three times its time (each commit dirtied a page of the key index per user;
 * docs/performance.md). ~8–16 bytes per key of an event, rebuilt after each open (on every cluster node).
 *
 * <p>Keys: {@code t\n<topic>} for each topic of an event addressed to no one in particular;
 * {@code u\n<user>} for each user of an addressed event, and {@code o\n<topic>} for its topics (for
 * operators, who read every user's). A key may let through more than the reader may see (an addressed
 * event on a topic the user did not ask for); {@link EventFilter#matches} still decides on every row.
 *
 * <p>Changed only under one lock (SQLite's write lock, after the change is committed; the Redis
 * reader's, {@link RedisAudience}), which the background load merges under too; read by any thread.
 */
final class AudienceIndex {
    private static final Logger LOG = Logger.getLogger(AudienceIndex.class.getName());
    private static final int MAX_PAGE = 500;
    private final Map<String, AudienceIds> byKey = new ConcurrentHashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    // Every id up to this one is under all its keys (ids are added in order): pages stop there.
    private volatile long indexedThrough;
    private boolean failed; // the build failed: reads scan for good (changed under the index's lock)
    // Removed while a build runs (under the lock): the build may have read the event before it went, and
    // its merge put the id back (a retract on another node while this one started). Null when none runs.
    private List<Removed> removedMeanwhile;

    private record Removed(long id, List<String> topics, List<String> users) {
    }

    /** What the index is built from after an open: every stored event up to an id, in id order. */
    interface Source {
        void load(long through, AudienceIndex into) throws Exception;
    }

    /**
     * Indexes the stored events up to {@code through} on a thread of its own, so opening a big log is
     * not delayed (~3–7 µs per event from SQLite: it hands each row's strings over one by one). Events
     * stored meanwhile are added as usual; reads scan until it is done. What a retract or prune removed
     * meanwhile is taken out again after the merge.
     *
     * @param upTo the last id to load (asked on that thread): the first one added as usual is the next
     * @param lock held by whoever adds the events stored meanwhile (the merge must not interleave)
     */
    void loadInBackground(Source source, LongSupplier upTo, Lock lock, LongSupplier prunedThrough) {
        lock.lock();
        try {
            removedMeanwhile = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        Thread.ofPlatform().name("herald-audience-index").daemon().start(() -> {
            long start = System.nanoTime();
            AudienceIndex older = new AudienceIndex();
            long through;
            try {
                through = upTo.getAsLong(); // here: Redis's may wait for the log's first connection
                source.load(through, older);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not index the stored events; reads of some topics scan the log", e);
                lock.lock();
                try { // never used now: stop filling it
                    failed = true;
                    removedMeanwhile = null;
                    byKey.clear();
                } finally {
                    lock.unlock();
                }
                return;
            }
            lock.lock();
            try {
                older.byKey.forEach((key, ids) -> byKey.merge(key, ids, AudienceIds::before));
                List<Removed> removed = removedMeanwhile;
                removedMeanwhile = null;
                removed.forEach(r -> remove(r.id(), r.topics(), r.users()));
                removeThrough(prunedThrough.getAsLong());
                indexedThrough = Math.max(indexedThrough, through);
                ready.countDown();
            } finally {
                lock.unlock();
            }
            LOG.fine(() -> "indexed the audience of the stored events through " + through + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        });
    }

    /** True once every stored event is indexed: until then reads scan. */
    boolean ready() {
        return ready.getCount() == 0;
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Set<String> keysOf(List<String> topics, List<String> users) {
        Set<String> keys = new LinkedHashSet<>();
        if (users.isEmpty()) {
            topics.forEach(t -> keys.add("t\n" + t));
        } else {
            users.forEach(u -> keys.add("u\n" + u));
            topics.forEach(t -> keys.add("o\n" + t));
        }
        return keys;
    }

    /** The keys this reader's events are under, or null when it reads every topic (a scan suits it). */
    static List<String> keysFor(EventFilter f) {
        if (f.topics() == null) {
            return null;
        }
        Set<String> topics = new LinkedHashSet<>(f.topics());
        topics.add(EventFilter.BROADCAST);
        List<String> keys = new ArrayList<>();
        topics.forEach(t -> keys.add("t\n" + t));
        if (f.anyUser()) {
            topics.forEach(t -> keys.add("o\n" + t));
        } else if (f.user() != null) {
            keys.add("u\n" + f.user());
        }
        return keys;
    }

    void add(long id, List<String> topics, List<String> users) {
        if (failed) {
            return;
        }
        for (String key : keysOf(topics, users)) {
            byKey.computeIfAbsent(key, k -> new AudienceIds()).add(id);
        }
        if (id > indexedThrough) {
            indexedThrough = id;
        }
    }

    void remove(long id, List<String> topics, List<String> users) {
        if (removedMeanwhile != null) {
            removedMeanwhile.add(new Removed(id, topics, users));
        }
        for (String key : keysOf(topics, users)) {
            AudienceIds ids = byKey.get(key);
            if (ids != null && ids.remove(id)) {
                byKey.remove(key, ids);
            }
        }
    }

    /** Forgets every id up to {@code cut} (retention). */
    void removeThrough(long cut) {
        byKey.entrySet().removeIf(e -> e.getValue().removeThrough(cut));
    }

    /** Every id up to this one is under all its keys; ids above it may still be coming. */
    long indexedThrough() {
        return indexedThrough;
    }

    /**
     * The first {@code max} ids after {@code cursor} (before it, newest first, when descending) under
     * any of the keys, each once, and none above {@code through}: a read takes the watermark
     * ({@link #indexedThrough()}) once and passes the same value to every page.
     */
    long[] page(List<String> keys, long cursor, boolean descending, int max, long through) {
        if (descending && through < Long.MAX_VALUE) {
            cursor = Math.min(cursor, through + 1);
        }
        long[] all = new long[0];
        for (String key : keys) {
            AudienceIds ids = byKey.get(key);
            if (ids != null) {
                long[] these = ids.page(cursor, descending, max);
                int kept = these.length;
                while (!descending && kept > 0 && these[kept - 1] > through) {
                    kept--;
                }
                int n = all.length;
                all = Arrays.copyOf(all, n + kept);
                System.arraycopy(these, 0, all, n, kept);
            }
        }
        Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[distinct++] = all[i];
            }
        }
        int n = Math.min(max, distinct);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = descending ? all[distinct - 1 - i] : all[i];
        }
        return out;
    }

    /** Reads one page of a reader's ids: by the range they span when they lie close together, else by id. */
    interface PageReader<E extends Exception> {
        void read(long[] ids, boolean dense) throws E;
    }

    /**
     * Hands a reader's ids under {@code keys} (after {@code start}, or before it, newest first, when
     * descending; up to {@code through}) to {@code reader} a page at a time, each sized to what it still
     * wants (twice that, 16 to 500 ids: a history page of 20 does not fetch 500), until it wants no more
     * or the ids run out.
     */
    <E extends Exception> void walk(List<String> keys, long start, long through, boolean descending, IntSupplier wanted,
                                    PageReader<E> reader) throws E {
        long cursor = start;
        for (int want = wanted.getAsInt(); want > 0; want = wanted.getAsInt()) {
            int ask = Math.min(MAX_PAGE, Math.max(16, 2 * want));
            long[] ids = page(keys, cursor, descending, ask, through);
            int n = ids.length;
            if (n > 0) {
                reader.read(ids, Math.abs(ids[n - 1] - ids[0]) < 2L * n);
            }
            if (n < ask) {
                return;
            }
            cursor = ids[n - 1];
        }
    }
}
