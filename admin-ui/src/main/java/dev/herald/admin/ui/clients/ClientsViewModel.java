package dev.herald.admin.ui.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.TimeText;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.connection.FeedListener;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Connected clients: one GET /admin/clients per (re)connect and per Refresh, then kept live from
 * the feed's client-connected / client-disconnected events — never reloaded because notifications
 * go out (with 8,000 streams one load is ~1.5 MB). The filter matches id, topics, user, address
 * and user agent.
 * <p>
 * Ordering: the load of a (re)connect waits for the new feed's first stats event, the server's
 * first frame on a stream it has already registered, so no connect/disconnect falls between the
 * snapshot and the feed. Events that arrive while a load is in flight are kept and applied on top
 * of its answer (each is idempotent: put or remove one id), so a snapshot never undoes them; an
 * answer to an older load (superseded by a newer one or a new connection) is dropped.
 * <p>
 * Last id and Queue are per-delivery counters that no event carries: they are as of the last load
 * (or of the client-connected event for later rows, shown in their Since column) and refresh only with
 * Refresh, which {@link #countersNoteProperty()} says. Keeping them live would mean reloading everything.
 */
public final class ClientsViewModel implements FeedListener {
    /** One client-connected (row) or client-disconnected (row null) as it was applied. */
    private record Change(String id, ClientRow row) {
    }

    private final Executor ui;
    private final ObservableList<ClientRow> all = FXCollections.observableArrayList();
    // Made once: a wrapper made per call could be collected with the listeners added to it.
    private final ObservableList<ClientRow> allView = FXCollections.unmodifiableObservableList(all);
    private final Map<String, ClientRow> byId = new HashMap<>(); // the same rows, so a new id skips the scan
    private final FilteredList<ClientRow> shown = new FilteredList<>(all, r -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper countersNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(NOT_CONNECTED);
    private static final String NOT_CONNECTED = "Not connected to the server";
    private static final String LOADED_NOTE = "Last id and queue as of ";
    private static final String SINCE_NOTE = "; for clients connected since, as of their Since time";
    private String loadedAt; // the last load's time as shown, null until one is in
    private boolean live;
    private HeraldClient client;
    private boolean loadWhenLive;
    private int load;                   // the newest load; an answer to another one is dropped
    private List<Change> sinceLoad;     // changes applied while that load is in flight, else null
    // Changes not yet in the list: a reconnect storm brings thousands of events in a row, and one
    // removal each (a scan of the list, then the filtered and sorted views') cost ~0.7 s of the UI
    // thread per 10,000 at 10,000 rows. They go into the list together after the events queued so
    // far: one removeAll and one addAll, one list change each for the views.
    private final Map<String, ClientRow> addedSinceFlush = new LinkedHashMap<>();
    private final Set<ClientRow> removedSinceFlush = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean flushQueued;

    public ClientsViewModel(Executor ui) {
        this.ui = ui;
        filter.addListener((obs, old, text) -> shown.setPredicate(r -> r.matches(text)));
        shown.addListener((javafx.collections.ListChangeListener<ClientRow>) c -> updateEmptyText());
        filter.addListener(o -> updateEmptyText());
    }

    // What an empty table means: no connection, a filter that hides every row, or really nobody.
    private void updateEmptyText() {
        emptyText.set(!live ? NOT_CONNECTED
                : !all.isEmpty() ? "No clients match \u201c" + filter.get().strip() + "\u201d"
                : "No clients connected");
    }

    @Override
    public void connected(HeraldClient client, JsonNode stats) {
        this.client = client;
        load++; // an answer from before this connection may miss events of the dead feed
        sinceLoad = null;
        loadWhenLive = true;
        live = true;
        updateEmptyText();
    }

    @Override
    public void connectionLost(String why) {
        loadWhenLive = false;
        // Rows and messages from a feed that is gone would pass for live ones (after a server restart
        // none of those streams exists any more); the next connection loads the list afresh.
        live = false;
        load++;
        sinceLoad = null;
        loadedAt = null;
        byId.clear();
        addedSinceFlush.clear();
        removedSinceFlush.clear();
        all.clear();
        message.set("");
        countersNote.set("");
        updateEmptyText();
    }

    @Override
    public void stats(JsonNode stats) {
        if (loadWhenLive) {
            loadWhenLive = false;
            refresh();
        }
    }

    /** Reloads the whole list (and with it Last id and Queue); off the UI thread, answer on it. */
    public void refresh() {
        HeraldClient c = client;
        if (c == null) {
            return;
        }
        int mine = ++load;
        sinceLoad = new ArrayList<>();
        c.clients().whenComplete((list, error) -> ui.execute(() -> {
            if (mine != load) {
                return; // a newer load (or connection) is under way; its answer decides
            }
            List<Change> changes = sinceLoad;
            sinceLoad = null;
            if (error != null) {
                message.set(HeraldException.of(error).describe());
                return;
            }
            Map<String, ClientRow> rows = new LinkedHashMap<>();
            list.stream().map(ClientRow::of).forEach(r -> rows.put(r.id(), r));
            for (Change ch : changes) {
                if (ch.row() == null) {
                    rows.remove(ch.id());
                } else {
                    rows.put(ch.id(), ch.row());
                }
            }
            byId.clear();
            byId.putAll(rows);
            addedSinceFlush.clear();
            removedSinceFlush.clear();
            all.setAll(rows.values());
            loadedAt = TimeText.of(Instant.now());
            countersNote.set(LOADED_NOTE + loadedAt);
            message.set("");
        }));
    }

    @Override
    public void clientConnected(JsonNode n) {
        ClientRow row = ClientRow.of(n);
        apply(new Change(row.id(), row));
    }

    @Override
    public void clientDisconnected(JsonNode event) {
        apply(new Change(event.path("id").asText(), null));
    }

    private void apply(Change ch) {
        if (sinceLoad != null) {
            sinceLoad.add(ch);
        }
        ClientRow old = ch.row() == null ? byId.remove(ch.id()) : byId.put(ch.id(), ch.row());
        if (old != null && addedSinceFlush.remove(ch.id()) == null) {
            removedSinceFlush.add(old); // that row is in the list
        }
        if (ch.row() != null) {
            addedSinceFlush.put(ch.id(), ch.row());
        }
        if (!flushQueued) {
            flushQueued = true;
            ui.execute(this::flush);
        }
    }

    // Removals first: a row replaced in the meantime (same id) is removed, then added anew.
    private void flush() {
        flushQueued = false;
        if (!removedSinceFlush.isEmpty()) {
            all.removeAll(removedSinceFlush); // one change (removeIf would make one per row)
            removedSinceFlush.clear();
        }
        if (!addedSinceFlush.isEmpty()) {
            // Rows a connect event brought carry their values from that moment, newer than the load:
            // "as of 23:52:59" alone was untrue for them (an operator's hour, twenty-fourth session).
            if (sinceLoad == null && loadedAt != null) {
                countersNote.set(LOADED_NOTE + loadedAt + SINCE_NOTE);
            }
            all.addAll(addedSinceFlush.values());
            addedSinceFlush.clear();
        }
    }

    /** Asks the server to end this client's stream; the feed's event then removes the row. */
    public void disconnect(ClientRow row) {
        HeraldClient c = client;
        if (c == null || row == null) {
            return;
        }
        message.set("Disconnecting " + row.id() + "…");
        c.disconnect(row.id()).whenComplete((ok, error) -> ui.execute(() -> {
            if (error != null) {
                message.set("Could not disconnect " + row.id() + ": " + HeraldException.of(error).describe());
            } else {
                apply(new Change(row.id(), null));
                message.set("Disconnected " + row.id());
            }
        }));
    }

    /** The rows the filter lets through (wrap in a SortedList for a sortable table). */
    public ObservableList<ClientRow> clients() {
        return shown;
    }

    public int total() {
        return all.size();
    }

    /** Every row, filtered or not (for a count that must follow rows the filter hides). */
    public ObservableList<ClientRow> allClients() {
        return allView;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the table says when it shows no row. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** When Last id and Queue were loaded ("" before the first load): they change only on Refresh. */
    public ReadOnlyStringProperty countersNoteProperty() {
        return countersNote.getReadOnlyProperty();
    }
}
