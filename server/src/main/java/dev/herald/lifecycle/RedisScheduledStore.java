package dev.herald.lifecycle;

import dev.herald.store.EventLogException;
import dev.herald.store.RedisEventLog;
import dev.herald.store.RedisScript;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

import static dev.herald.lifecycle.RedisScheduledScripts.ADD;
import static dev.herald.lifecycle.RedisScheduledScripts.CANCEL;
import static dev.herald.lifecycle.RedisScheduledScripts.CLAIM;
import static dev.herald.lifecycle.RedisScheduledScripts.DROP;
import static dev.herald.lifecycle.RedisScheduledScripts.FINISH;
import static dev.herald.lifecycle.RedisScheduledScripts.LOOK;
import static dev.herald.lifecycle.RedisScheduledScripts.MARK;
import static dev.herald.lifecycle.RedisScheduledScripts.NEXT_ID;
import static dev.herald.lifecycle.RedisScheduledScripts.RECLAIM;
import static dev.herald.lifecycle.RedisScheduledScripts.RELEASE;

/**
 * The scheduled notifications of a cluster, in Redis beside the shared log, so that any node lists,
 * cancels and sends them, and one whose node is gone still goes out. Under {@code <stream>:scheduled}:
 * {@code :n:<id>} a hash per notification; {@code :due} the pending ones by due time; {@code :sending}
 * the ones a node has claimed, by the end of its lease; {@code :all} every one by creation time;
 * {@code :seq} the counter; {@code :tag} the tag in the ids ({@code s-<tag>.<n>}), made once per
 * cluster; {@code :changes} bumped whenever a pending one comes or goes ({@link #pendingMark()}). Claim,
 * cancel, finish and release are Lua scripts ({@link RedisScheduledScripts}); the hashes are read back by
 * {@link RedisScheduledHashes}. Finished ones expire after {@link #KEEP_FINISHED} ({@link RedisScheduledTrim}
 * drops their ids from {@code :all}).
 */
public final class RedisScheduledStore implements ScheduledStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger LOG = Logger.getLogger(RedisScheduledStore.class.getName());

    private final RedisClient redis;
    private final String prefix;
    private final String sender;
    private final String instanceKey;
    private final RedisScheduledLoss loss;
    private final RedisScheduledHashes hashes;
    private final RedisScheduledTrim trim; // the scheduler thread's
    private final Path movedFrom;
    private final Consumer<RuntimeException> failedWrites;
    private final Map<String, String> claims = new ConcurrentHashMap<>(); // id -> token of claims this node holds
    private volatile String tag;
    private volatile boolean moved;

    /**
     * Nothing is asked of Redis here (it may be away at start: Herald starts DOWN and keeps trying).
     *
     * @param sender    starts the {@code claim} token of what this node claims (operators reading Redis see whose it is)
     * @param movedFrom a data directory whose {@code scheduled.db} may hold pending ones from before the
     *                  shared store: moved here, with their ids, before this node sends anything
     * @param failedWrites told of every write Redis did not take (the log's health: a full Redis turns it DOWN)
     */
    public RedisScheduledStore(RedisClient redis, String streamKey, String sender, Path movedFrom,
                               Consumer<RuntimeException> failedWrites) {
        this.redis = redis;
        this.failedWrites = failedWrites;
        this.prefix = streamKey + ":scheduled";
        this.instanceKey = RedisEventLog.instanceKey(streamKey);
        this.loss = new RedisScheduledLoss(prefix);
        this.hashes = new RedisScheduledHashes(redis, prefix);
        this.trim = new RedisScheduledTrim(redis, prefix + ":all", hashes);
        this.sender = sender;
        this.movedFrom = movedFrom;
    }

    @Override
    public String node() {
        String t = tag;
        if (t == null) {
            String made = newTag();
            t = tag = write(() -> {
                redis.set(prefix + ":tag", made, SetParams.setParams().nx());
                return redis.get(prefix + ":tag");
            });
        }
        return t;
    }

    // Six base-36 characters, made by whichever node comes first; every node then uses that one.
    private static String newTag() {
        return Long.toString(36L * 36 * 36 * 36 * 36 + RANDOM.nextLong(35L * 36 * 36 * 36 * 36 * 36), 36);
    }

    @Override
    public boolean owns(ScheduledNotification.Id id) {
        // Every id is looked up: those moved in from a node's own file keep theirs (another tag, or none).
        return true;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public ScheduledNotification add(String body, Instant due, Instant created) {
        // A counter behind its hashes (lost or restored apart from them) would hand out an id in use.
        for (int tries = 0; tries < 100; tries++) {
            // Not the tag this node read once: after Redis lost its data that one goes with a counter from 1 again.
            List<?> next = (List<?>) run(NEXT_ID, List.of(prefix + ":tag", prefix + ":seq"), List.of(newTag()));
            String t = tag = String.valueOf(next.get(0));
            long seq = ((Number) next.get(1)).longValue();
            ScheduledNotification n = new ScheduledNotification(seq, body, Instant.ofEpochMilli(due.toEpochMilli()),
                    Instant.ofEpochMilli(created.toEpochMilli()), ScheduledNotification.Status.PENDING, null, t);
            if (put(n)) {
                return n;
            }
        }
        throw new IllegalStateException("no free scheduled id: " + prefix + ":seq is far behind the stored ones");
    }

    /** Adds one moved from a node's own file, with its id; false when it is already here. */
    public boolean put(ScheduledNotification n) {
        String id = n.id();
        Object added = run(ADD, List.of(hashes.key(id), prefix + ":due", prefix + ":all", prefix + ":changes"),
                List.of(id, n.body(), Long.toString(n.due().toEpochMilli()), Long.toString(n.created().toEpochMilli())));
        return ((Number) added).longValue() == 1;
    }

    @Override
    public ScheduledNotification get(ScheduledNotification.Id id) {
        String key = id.text();
        return hashes.get(key);
    }

    @Override
    public List<ScheduledNotification> pending() {
        List<String> ids = new ArrayList<>(RedisScript.call(() -> redis.zrange(prefix + ":due", 0, -1)));
        ids.addAll(RedisScript.call(() -> redis.zrange(prefix + ":sending", 0, -1)));
        List<ScheduledNotification> out = new ArrayList<>(hashes.read(ids).stream()
                .filter(n -> n.status() == ScheduledNotification.Status.PENDING).toList());
        out.sort(Comparator.comparing(ScheduledNotification::due).thenComparing(ScheduledNotification::seq));
        return out;
    }

    @Override
    public PendingMark pendingMark() {
        List<?> mark = (List<?>) MARK.run(redis, List.of(prefix + ":due", prefix + ":sending", prefix + ":changes"),
                List.of());
        return new PendingMark(((Number) mark.get(0)).longValue(), ((Number) mark.get(1)).intValue());
    }

    @Override
    public ScheduledNotification next() {
        if (!moved) {
            ScheduledFileMove.into(this, movedFrom);
            moved = true;
        }
        // The scheduler asks only between sends: a claim of ours still held is one whose send failed
        // and whose release (or the claim's own reply) was lost with Redis. Give it back now.
        for (Map.Entry<String, String> held : claims.entrySet()) {
            run(RELEASE, keys(held.getKey()), List.of(held.getKey(), held.getValue()));
            claims.remove(held.getKey());
        }
        reclaimExpired();
        trim.whenDue();
        while (true) {
            List<?> look = (List<?>) LOOK.run(redis, List.of(prefix + ":due", prefix + ":sending", instanceKey), List.of());
            loss.looked(String.valueOf(look.get(2)), ((Number) look.get(1)).intValue());
            String id = String.valueOf(look.get(0));
            if (id.isEmpty()) {
                return null;
            }
            ScheduledNotification n = hashes.get(id);
            if (n != null) {
                return n;
            }
            // Its hash is gone (deleted by hand, or evicted by a maxmemory policy): without this, it
            // would hold up every notification due after it.
            LOG.warning("scheduled notification " + id + " has no readable data in redis; dropped");
            run(DROP, List.of(prefix + ":due", prefix + ":changes"), List.of(id));
        }
    }

    @Override
    public List<ScheduledNotification> recent(int limit) {
        List<String> ids = RedisScript.call(() -> redis.zrevrange(prefix + ":all", 0, limit - 1));
        return hashes.read(ids);
    }

    @Override
    public void finish(ScheduledNotification n, ScheduledNotification.Status status, Long eventId) {
        String token = claims.get(n.id());
        Object done = token == null ? 0L : run(FINISH, keys(n.id()), List.of(n.id(), token, status.name(),
                eventId == null ? "" : eventId.toString(), Long.toString(KEEP_FINISHED.toSeconds())));
        claims.remove(n.id());
        if (((Number) done).longValue() == 0) {
            LOG.warning("scheduled notification " + n.id() + " could not be marked " + status + ": this node no longer"
                    + " holds its claim (it ran out, or an earlier attempt already did it)"
                    + (status == ScheduledNotification.Status.SENT ? "; another node may have sent it as well" : ""));
        }
    }

    @Override
    public boolean claim(ScheduledNotification n, Duration lease) {
        // Held before asking: if the answer is lost, next() gives the claim back.
        String token = sender + "." + Long.toString(RANDOM.nextLong() >>> 1, 36);
        claims.put(n.id(), token);
        Object taken = run(CLAIM, keys(n.id()), List.of(n.id(), token, Long.toString(lease.toMillis())));
        if (((Number) taken).longValue() == 1) {
            return true;
        }
        claims.remove(n.id());
        return false;
    }

    @Override
    public void release(ScheduledNotification n) {
        String token = claims.get(n.id());
        if (token != null) {
            run(RELEASE, keys(n.id()), List.of(n.id(), token));
            claims.remove(n.id());
        }
    }

    private List<String> keys(String id) {
        return List.of(hashes.key(id), prefix + ":due", prefix + ":sending", prefix + ":changes");
    }

    @Override
    public ScheduledNotification cancel(ScheduledNotification.Id id) {
        ScheduledNotification n = get(id);
        if (n != null) {
            run(CANCEL, List.of(hashes.key(n.id()), prefix + ":due", prefix + ":changes"),
                    List.of(n.id(), Long.toString(KEEP_FINISHED.toSeconds())));
        }
        return n == null ? null : get(id);
    }

    /** Claims whose lease ran out (their node stopped mid-send) go back to :due, to be sent again. */
    private void reclaimExpired() {
        List<String> oldestLeases = RedisScript.call(() -> redis.zrange(prefix + ":sending", 0, 99));
        for (String id : oldestLeases) {
            run(RECLAIM, keys(id), List.of(id)); // the script decides, by Redis's clock
        }
    }

    private Object run(RedisScript script, List<String> keys, List<String> args) {
        return write(() -> script.run(redis, keys, args));
    }

    // Every write goes through here: a node that only schedules sees a full Redis too (reads are never refused for it).
    private <T> T write(Supplier<T> command) {
        try {
            return RedisScript.call(command);
        } catch (EventLogException e) {
            failedWrites.accept(e);
            throw e;
        }
    }

    @Override
    public void close() {
        // the Redis client belongs to the event log
    }
}
