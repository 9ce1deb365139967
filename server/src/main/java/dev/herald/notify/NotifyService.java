package dev.herald.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.auth.AuthFilter;
import dev.herald.auth.RateLimiter;
import dev.herald.http.Bodies;
import dev.herald.http.Limits;
import dev.herald.http.ErrorHandling;
import dev.herald.http.JsonBody;
import dev.herald.http.Responses;
import dev.herald.hub.Hub;
import dev.herald.lifecycle.ScheduleRequest;
import dev.herald.lifecycle.ScheduledNotification;
import dev.herald.lifecycle.Scheduler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /notify}: validate, store durably, fan out, answer 202 with id and recipients; with
 * {@code at} or {@code delay}, store it as scheduled instead and answer 202 with its {@code s-<n>}
 * id and due time. {@code POST /notify/batch} publishes an array of them in one commit.
 */
public final class NotifyService implements HttpService {
    /** Most notifications in one POST /notify/batch. */
    public static final int MAX_BATCH = 500;
    private final Hub hub;
    private final RateLimiter publishRate;
    private final NotificationParser parser;
    private final int maxBody;
    private final Scheduler scheduler;

    public NotifyService(Hub hub, RateLimiter publishRate, int maxBody, int maxMessage, Scheduler scheduler) {
        this.hub = hub;
        this.scheduler = scheduler;
        this.publishRate = publishRate;
        this.parser = new NotificationParser(maxMessage);
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::notify)
                .post("/batch", this::notifyBatch)
                .any("/batch", ErrorHandling.methodNotAllowed("POST"))
                .any("/", ErrorHandling.methodNotAllowed("POST"));
    }

    private void notify(ServerRequest req, ServerResponse res) {
        Bodies.requireJson(req);
        JsonNode root = JsonBody.parse(Bodies.read(req, maxBody));
        NotificationRequest request = parser.parse(root);
        ScheduleRequest schedule = ScheduleRequest.parse((ObjectNode) root, hub.clock().instant());
        // After the checks (as for a batch): a malformed request gets its 400, not the sender's budget.
        Limits.check(publishRate, AuthFilter.principal(req).key(), "publish rate");
        if (schedule != null) {
            ScheduledNotification n = scheduler.schedule(schedule.body(), schedule.due());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", n.id());
            body.put("status", "scheduled");
            body.put("due", NotificationRequest.TIME.format(n.due()));
            Responses.json(res, 202, body);
            return;
        }
        Responses.json(res, 202, accepted(hub.publish(request.toDraft(hub.clock().instant()))));
    }

    /**
     * {@code POST /notify/batch}: a JSON array of up to {@value #MAX_BATCH} notifications (and no more
     * than the publish burst, so a batch can never be refused forever), all checked
     * before any is stored, then stored in one commit. Each counts against the publish rate.
     */
    private void notifyBatch(ServerRequest req, ServerResponse res) {
        Bodies.requireJson(req);
        List<NotificationRequest> requests = parser.parseBatch(Bodies.read(req, maxBody),
                Math.min(MAX_BATCH, publishRate.burst()));
        Limits.check(publishRate, AuthFilter.principal(req).key(), "publish rate", requests.size());
        Instant now = hub.clock().instant();
        List<Map<String, Object>> out = hub.publishAll(requests.stream().map(r -> r.toDraft(now)).toList())
                .stream().map(NotifyService::accepted).toList();
        Responses.json(res, 202, Map.of("notifications", out));
    }

    private static Map<String, Object> accepted(Hub.Published published) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", published.event().id());
        body.put("time", NotificationRequest.TIME.format(published.event().time()));
        body.put("recipients", published.recipients());
        return body;
    }
}
