package dev.herald.admin.ui.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import dev.herald.admin.ui.connection.ReloadingFeed;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Connected clients: loaded on (re)connect, then kept live from the feed's client-connected /
 * client-disconnected events. The filter matches id, topics, user, address and user agent.
 */
public final class ClientsViewModel extends ReloadingFeed {
    private final Executor ui;
    private final ObservableList<ClientRow> all = FXCollections.observableArrayList();
    private final FilteredList<ClientRow> shown = new FilteredList<>(all, r -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public ClientsViewModel(Executor ui) {
        this.ui = ui;
        filter.addListener((obs, old, text) -> shown.setPredicate(r -> r.matches(text)));
    }

    /** Reloads the whole list (queue depths and last ids are as of this moment). */
    @Override
    public void refresh() {
        HeraldClient c = client();
        if (c == null) {
            return;
        }
        c.clients().whenComplete((list, error) -> ui.execute(() -> {
            if (error != null) {
                message.set(HeraldException.of(error).describe());
            } else {
                List<ClientRow> rows = list.stream().map(ClientRow::of).toList();
                all.setAll(rows);
                message.set("");
            }
        }));
    }

    @Override
    public void clientConnected(JsonNode n) {
        ClientRow row = ClientRow.of(n);
        all.removeIf(r -> r.id().equals(row.id()));
        all.add(row);
    }

    @Override
    public void clientDisconnected(JsonNode event) {
        String id = event.path("id").asText();
        all.removeIf(r -> r.id().equals(id));
    }

    /** Asks the server to end this client's stream; the feed's event then removes the row. */
    public void disconnect(ClientRow row) {
        HeraldClient c = client();
        if (c == null || row == null) {
            return;
        }
        message.set("Disconnecting " + row.id() + "…");
        c.disconnect(row.id()).whenComplete((ok, error) -> ui.execute(() -> {
            if (error != null) {
                message.set("Could not disconnect " + row.id() + ": " + HeraldException.of(error).describe());
            } else {
                all.removeIf(r -> r.id().equals(row.id()));
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

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
