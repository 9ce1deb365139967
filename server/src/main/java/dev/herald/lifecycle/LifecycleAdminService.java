package dev.herald.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.http.ApiException;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Head;
import dev.herald.http.Query;
import dev.herald.http.Responses;
import dev.herald.store.StoredEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;


/**
 * Operator views of the lifecycle, registered under {@code /admin}: {@code GET /admin/scheduled}
 * (pending, or {@code ?all=true} for recent ones of any status) and
 * {@code GET /admin/notifications/{id}} (one notification with its counts and who saw it).
 */
public final class LifecycleAdminService implements HttpService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Lifecycle lifecycle;

    public LifecycleAdminService(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/scheduled", this::scheduled)
                .head("/scheduled", Head.of(this::scheduled))
                .any("/scheduled", ErrorHandling.methodNotAllowed("GET, HEAD"))
                .get("/notifications/{id}", this::detail)
                .head("/notifications/{id}", Head.of(this::detail))
                .any("/notifications/{id}", ErrorHandling.methodNotAllowed("GET, HEAD"));
    }

    private void scheduled(ServerRequest req, ServerResponse res) {
        String allText = Query.single(req, "all").orElse("false");
        if (!allText.equalsIgnoreCase("true") && !allText.equalsIgnoreCase("false")) {
            throw ApiException.badRequest("invalid_query", "\"all\" must be true or false, not \""
                    + (allText.length() > 20 ? allText.substring(0, 20) + "…" : allText) + "\"");
        }
        boolean all = allText.equalsIgnoreCase("true");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("scheduled");
        for (ScheduledNotification n : all ? lifecycle.scheduler().recent(500) : lifecycle.scheduler().pending()) {
            list.add(LifecycleJson.scheduled(n));
        }
        body.put("count", list.size());
        Responses.sendJson(res, 200, body.toString());
    }

    private void detail(ServerRequest req, ServerResponse res) {
        String raw = req.path().pathParameters().get("id");
        Long id = Query.digitsId(raw); // not Long.parseLong: it read +5 (and other scripts' digits) as 5
        if (id == null) {
            throw new ApiException(404, "unknown_notification", "no notification " + raw);
        }
        StoredEvent e = Notifications.find(lifecycle.hub(), id);
        if (e == null) {
            throw new ApiException(404, "unknown_notification", "no stored notification " + id);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("notification", LifecycleJson.forOperators(e)); // null when it does not parse
        body.set("receipts", LifecycleJson.receipts(lifecycle.counts().withUsers(id), true));
        Responses.sendJson(res, 200, body.toString());
    }
}
