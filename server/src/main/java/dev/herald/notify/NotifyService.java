package dev.herald.notify;

import dev.herald.auth.AuthFilter;
import dev.herald.auth.RateLimiter;
import dev.herald.http.Bodies;
import dev.herald.http.Limits;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Responses;
import dev.herald.hub.Hub;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /notify}: validate, store durably, fan out, answer 202 with id and recipients. */
public final class NotifyService implements HttpService {
    private final Hub hub;
    private final RateLimiter publishRate;
    private final NotificationParser parser;
    private final int maxBody;

    public NotifyService(Hub hub, RateLimiter publishRate, int maxBody, int maxMessage) {
        this.hub = hub;
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
        NotificationRequest request = parser.parse(Bodies.read(req, maxBody));
        Hub.Published published = hub.publish(request.toDraft(hub.clock().instant()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", published.event().id());
        body.put("time", NotificationRequest.TIME.format(published.event().time()));
        body.put("recipients", published.recipients());
        Responses.json(res, 202, body);
    }
}
