package dev.herald.notify;

import dev.herald.auth.AuthFilter;
import dev.herald.auth.RateLimiter;
import dev.herald.http.Bodies;
import dev.herald.http.Limits;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Responses;
import dev.herald.hub.Hub;
import dev.herald.lifecycle.ScheduleRequest;
import dev.herald.lifecycle.ScheduledNotification;
import dev.herald.lifecycle.Scheduler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /notify}: validate, store durably, fan out, answer 202 with id and recipients; with
 * {@code at} or {@code delay}, store it as scheduled instead and answer 202 with its {@code s-<n>}
 * id and due time.
 */
public final class NotifyService implements HttpService {
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
                .any("/", (req, res) -> ErrorHandling.methodNotAllowed(res, "POST"));
    }

    private void notify(ServerRequest req, ServerResponse res) {
        Limits.check(publishRate, AuthFilter.principal(req).key(), "publish rate");
        Bodies.requireJson(req);
        byte[] raw = Bodies.read(req, maxBody);
        NotificationRequest request = parser.parse(raw);
        ScheduleRequest schedule = ScheduleRequest.parse(raw, hub.clock().instant());
        if (schedule != null) {
            ScheduledNotification n = scheduler.schedule(schedule.body(), schedule.due());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", n.id());
            body.put("status", "scheduled");
            body.put("due", NotificationRequest.TIME.format(n.due()));
            Responses.json(res, 202, body);
            return;
        }
        Hub.Published published = hub.publish(request.toDraft(hub.clock().instant()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", published.event().id());
        body.put("time", NotificationRequest.TIME.format(published.event().time()));
        body.put("recipients", published.recipients());
        Responses.json(res, 202, body);
    }
}
