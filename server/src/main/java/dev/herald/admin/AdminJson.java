package dev.herald.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.hub.Subscriber;
import dev.herald.notify.NotificationRequest;

import java.time.Instant;

/** The JSON shapes of the admin API that more than one endpoint sends. */
final class AdminJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private AdminJson() {
    }

    static String time(Instant t) {
        return NotificationRequest.TIME.format(t);
    }

    /** One connected client, as in GET /admin/clients and the client-connected event. */
    static ObjectNode client(Subscriber s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", s.id());
        n.putPOJO("topics", s.topics().stream().sorted().toList());
        n.put("user", s.info().user());
        n.put("remoteAddress", s.info().remoteAddress());
        n.put("userAgent", s.info().userAgent());
        n.put("connectedAt", time(s.info().connectedAt()));
        n.put("lastEventId", s.lastDeliveredId());
        n.put("queueDepth", s.queue().size());
        return n;
    }

    static ObjectNode disconnected(Subscriber s, Subscriber.CloseReason reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", s.id());
        n.put("reason", reason == null ? "client-gone" : reason.name().toLowerCase().replace('_', '-'));
        return n;
    }
}
