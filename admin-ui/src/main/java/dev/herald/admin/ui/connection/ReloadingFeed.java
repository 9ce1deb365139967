package dev.herald.admin.ui.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * A view model that reloads its list from the server on every (re)connect and whenever the stats
 * feed shows a new latest notification id (the only time its rows can change), never on a timer.
 */
public abstract class ReloadingFeed implements FeedListener {
    private HeraldClient client;
    private long seenLatest = -1;
    // An empty list says "none" only while live: with the token refused it read "No notifications yet".
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();

    @Override
    public void connected(HeraldClient client, JsonNode stats) {
        this.client = client;
        seenLatest = stats.path("latestId").asLong(-1);
        live.set(true);
        reloadAfterConnect();
    }

    /** What a (re)connect reloads: {@link #refresh()} unless a subclass has more to read again. */
    protected void reloadAfterConnect() {
        refresh();
    }

    /** Subclasses that override this call it too. */
    @Override
    public void connectionLost(String why) {
        live.set(false);
    }

    /** True from a successful (re)connect until the connection is lost. */
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    @Override
    public void stats(JsonNode stats) {
        long latest = stats.path("latestId").asLong(-1);
        if (latest != seenLatest) {
            seenLatest = latest;
            refresh();
        }
    }

    /** The connected server, or null before the first connect. */
    protected HeraldClient client() {
        return client;
    }

    /** Reloads from the server (off the UI thread; results come back through the UI executor). */
    public abstract void refresh();
}
