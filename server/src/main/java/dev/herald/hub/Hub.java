package dev.herald.hub;

import dev.herald.store.EventDraft;
import dev.herald.store.EventLog;
import dev.herald.store.RecentEvents;
import dev.herald.store.StoredEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The hub core: who is subscribed to what, and fan-out of every logged event to the bounded
 * queue of each matching connection. Publishing goes through the event log and fan-out comes
 * back from it, so one node and many nodes work the same way. No HTTP here.
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Hub.class.getName());
    private final EventLog log;
    private final EventLog replays;
    private final Clock clock;
    private final int queueCapacity;
    private final ConnectionIds ids = new ConnectionIds();
    private final StreamIndex streams = new StreamIndex();
    private final LongAdder published = new LongAdder();
    private final SetupSlots setups = new SetupSlots();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder connects = new LongAdder();
    /** How many recent notifications keep per-notification recipient and delivery counts. */
    public static final int LEDGER_SIZE = 1000;
    private final DeliveryLedger ledger = new DeliveryLedger(LEDGER_SIZE);
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Duration, Heartbeat> heartbeats = new ConcurrentHashMap<>();
    private final TokenExpiry expiry = new TokenExpiry();
    private volatile boolean closed;
    private final LogWatch logWatch;

    public Hub(EventLog log, int queueCapacity, Clock clock) {
        this(log, queueCapacity, clock, 0);
    }

    /**
     * @param recentEvents newest events kept in memory for replays ({@link RecentEvents}); 0: replays
     *                     read the log. Only replays and {@link #stored} use them: history and retracts go to the log.
     */
    public Hub(EventLog log, int queueCapacity, Clock clock, int recentEvents) {
        this.log = log;
        this.clock = clock;
        this.queueCapacity = queueCapacity;
        this.replays = recentEvents > 0 ? new RecentEvents(log, recentEvents) : log;
        this.logWatch = new LogWatch(log, this::logChanged);
        // Through the memory when there is one: it keeps each event before any stream is handed it.
        replays.subscribe(this::fanOut);
    }

    /** This hub's node id (the prefix of its connection ids). */
    public String nodeId() {
        return ids.nodePrefix();
    }

    public EventLog log() {
        return log;
    }

    /** The log's latest id and retention cut for a new stream's hello and replay, in one read. */
    EventLog.Position position() {
        return replays.position();
    }

    /** Where a stream's replay reads: the newest events in memory, or the log itself. */
    EventLog replays() {
        return replays;
    }

    /**
     * The stored entry with this id, or null, as the log would answer: from the newest events in memory
     * when they hold it (receipts ask for the same few ids from every page), else from the log. Ids at
     * or below retention's cut are gone here too.
     */
    public StoredEvent stored(long id) {
        return stored(List.of(id)).get(id);
    }

    /** {@link #stored(long)} for many ids: one round trip to a shared log (a page's receipts batch). */
    public Map<Long, StoredEvent> stored(Collection<Long> ids) {
        // Memory may hold what retention cut. A shared log (Redis) answers itself: another node's retract
        // or retention reaches memory late, and its cut would be a round trip per batch.
        EventLog source = log.instanceCanChange() ? log : replays;
        long cut = source != log ? log.prunedThrough() : 0;
        return source.readIds(ids.stream().filter(id -> id >= 1 && id > cut).toList());
    }

    /**
     * Removes a stored event for good ({@link EventLog#retract}), also from the events kept for replays.
     * Returns the removed event, or null when the log does not hold it.
     */
    public StoredEvent retract(long id) {
        return replays.retract(id);
    }

    public Clock clock() {
        return clock;
    }

    /** The result of a publish: the stored event and how many connections it was addressed to. */
    public record Published(StoredEvent event, int recipients) {
    }

    /** Stores the notification (durably, before returning) and fans it out to every match. */
    public Published publish(EventDraft draft) {
        return publishAll(List.of(draft)).getFirst();
    }

    /** Stores several notifications together (one commit where the log can) and fans each out, in order. */
    public List<Published> publishAll(List<EventDraft> drafts) {
        if (closed) {
            throw new ShuttingDown();
        }
        return log.appendAll(drafts).stream().map(this::published).toList();
    }

    private Published published(StoredEvent stored) {
        published.increment();
        // fanOut has counted them already when the log hands events over before the append returns
        // (SQLite, memory): not a second walk over the streams. A shared log's reader (Redis) may come later.
        int recipients = stored.expired(clock.instant()) ? 0 : ledger.recipients(stored.id());
        if (recipients < 0) { // the connections fanOut will offer it to (StreamIndex: its topics or users only)
            recipients = streams.countRecipients(stored);
            ledger.recipients(stored.id(), recipients);
        }
        return new Published(stored, recipients);
    }

    /**
     * Waits for a stream-setup slot ({@link SetupSlots}; freed before the first write, which may block on
     * a client that does not read) and returns what frees it (safe to call more than once).
     */
    public Runnable startSetup() throws InterruptedException {
        return setups.take();
    }

    /** Registers a connection; live events queue up from this moment on (replay fills the gap before). */
    public Subscriber subscribe(ConnectionInfo info) {
        if (closed) {
            throw new ShuttingDown();
        }
        Subscriber s = new Subscriber(ids.next(), info, queueCapacity);
        streams.add(s);
        if (closed) { // close() ran between the check above and the add: it did not see this stream
            unsubscribe(s, Subscriber.CloseReason.SHUTDOWN);
            throw new ShuttingDown();
        }
        connects.increment();
        for (ConnectionListener l : listeners) {
            l.connected(s);
        }
        expiry.watch(s, clock, this);
        return s;
    }

    /** Removes a connection (idempotent). */
    public void unsubscribe(Subscriber s, Subscriber.CloseReason reason) {
        s.close(reason);
        if (!streams.remove(s)) {
            return;
        }
        for (ConnectionListener l : listeners) {
            l.disconnected(s, s.closeReason());
        }
    }

    /** Disconnects one connection by id (operators); false when unknown. */
    public boolean kick(String connectionId) {
        Subscriber s = streams.get(connectionId);
        if (s == null) {
            return false;
        }
        unsubscribe(s, Subscriber.CloseReason.KICKED);
        return true;
    }

    // Called by the log once per event, in id order.
    private void fanOut(StoredEvent e) {
        if (logWatch.active()) { // only a log whose instance can change (Redis) is asked, per event too
            logWatch.check();
        }
        int[] offered = {0};
        streams.forEachRecipient(e, s -> {
            offered[0]++;
            offer(s, e);
        });
        // Every node counts its own recipients, also of what other nodes published (cluster totals add them up).
        ledger.recipients(e.id(), offered[0]);
    }

    // A new log under this node (LogWatch): its clients must start over.
    private void logChanged(String before, String current) {
        List<Subscriber> open = List.copyOf(streams.all());
        LOG.warning("the event log is a new one (" + before + " -> " + current + ", e.g. Redis came back without "
                + "its data): closing " + open.size() + " streams so that their clients start over");
        if (replays instanceof RecentEvents recent) {
            recent.forget(); // the old log's events: not for replays in the new one
        }
        for (Subscriber s : open) {
            unsubscribe(s, Subscriber.CloseReason.LOG_CHANGED);
        }
    }

    private void offer(Subscriber s, StoredEvent e) {
        if (!s.enqueue(e)) {
            dropped.increment();
            unsubscribe(s, Subscriber.CloseReason.SLOW_CLIENT);
        }
    }

    void countDelivered(int n) {
        deliveries.add(n);
    }

    // One event written to one connection (live or replay), for the per-notification counts.
    void countDelivered(StoredEvent e) {
        ledger.delivered(e.id());
    }

    /** Recipient and delivery counts of recent notifications. */
    public DeliveryLedger ledger() {
        return ledger;
    }

    /** Adds a listener told about every stream that opens or closes from now on. */
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeConnectionListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    // Streams with this heartbeat interval get their heartbeat wakeups from one shared ticker.
    void heartbeatEvery(Duration interval) {
        if (!closed) {
            heartbeats.computeIfAbsent(interval, i -> new Heartbeat(this, i));
        }
    }

    void countReplayed(int n) {
        replayed.add(n);
    }

    /** The open stream with this connection id on this node, or null. */
    public Subscriber subscriber(String connectionId) {
        return streams.get(connectionId);
    }

    public Collection<Subscriber> subscribers() {
        return Collections.unmodifiableCollection(streams.all());
    }

    /** Open streams in total, per topic and per user (O(topics + users), not O(streams)). */
    public Audience audience() {
        return streams.audience();
    }

    public HubStats stats() {
        return new HubStats(streams.size(), published.sum(), deliveries.sum(), dropped.sum(), replayed.sum(),
                connects.sum());
    }

    /** True once {@link #close()} ran (background helpers stop then). */
    public boolean isClosed() {
        return closed;
    }

    /** Ends every stream (clients reconnect and replay elsewhere or after restart). */
    @Override
    public void close() {
        closed = true;
        for (Subscriber s : streams.all()) {
            unsubscribe(s, Subscriber.CloseReason.SHUTDOWN);
        }
        heartbeats.values().forEach(Heartbeat::close);
        heartbeats.clear();
        logWatch.close();
        expiry.close();
    }
}
