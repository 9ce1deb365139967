package dev.herald.cluster;

import dev.herald.http.ErrorHandling;
import dev.herald.http.Head;
import dev.herald.http.Responses;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /cluster}: cluster totals and each live node's connection counts, as JSON. */
public final class ClusterService implements HttpService {
    private final ClusterPresence presence;

    public ClusterService(ClusterPresence presence) {
        this.presence = presence;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::snapshot)
                .head("/", Head.of(this::snapshot))
                .any("/", ErrorHandling.methodNotAllowed("GET, HEAD"));
    }

    private void snapshot(ServerRequest req, ServerResponse res) {
        Responses.json(res, 200, presence.snapshot());
    }
}
