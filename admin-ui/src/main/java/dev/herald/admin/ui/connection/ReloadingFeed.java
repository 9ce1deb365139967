package dev.herald.admin.ui.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.admin.ui.client.HeraldClient;

/**
 * A view model that reloads its list from the server on every (re)connect and whenever the stats
 * feed shows a new latest notification id (the only time its rows can change), never on a timer.
 */
public abstract class ReloadingFeed implements FeedListener {
    private HeraldClient client;
    private long seenLatest = -1;

    @Override
    public void connected(HeraldClient client, JsonNode stats) {
        this.client = client;
        seenLatest = stats.path("latestId").asLong(-1);
        refresh();
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
