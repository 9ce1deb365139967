package dev.herald.lifecycle;

import dev.herald.http.ErrorHandling;
import dev.herald.http.Responses;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DELETE /notifications/{id}} (operators; AuthFilter makes it so): cancels a scheduled
 * notification ({@code s-<n>}) not yet sent, or retracts a sent one (live readers get
 * {@code event: retract}, replay and history no longer show it).
 */
public final class LifecycleService implements HttpService {
    private final Lifecycle lifecycle;

    public LifecycleService(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.delete("/{id}", this::remove)
                .any("/{id}", ErrorHandling.methodNotAllowed("DELETE"));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        Lifecycle.Removal r = lifecycle.remove(req.path().pathParameters().get("id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.id());
        body.put("status", r.status());
        if (r.eventId() != null) {
            body.put("eventId", r.eventId());
            body.put("retractId", r.retractId());
        }
        Responses.json(res, 200, body);
    }
}
