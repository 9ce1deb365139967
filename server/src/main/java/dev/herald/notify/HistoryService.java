package dev.herald.notify;

import dev.herald.auth.AuthFilter;
import dev.herald.auth.Principal;
import dev.herald.auth.TopicPolicy;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Head;
import dev.herald.http.Query;
import dev.herald.http.Responses;
import dev.herald.hub.Hub;
import dev.herald.lifecycle.Notifications;
import dev.herald.store.EventFilter;
import dev.herald.store.StoredEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Set;

/**
 * {@code GET /notifications}: stored notifications, newest last. Without a cursor it answers the
 * newest page; {@code after=<id>} pages forward, {@code before=<id>} pages back. {@code hasMore}
 * says whether another page exists in that direction.
 */
public final class HistoryService implements HttpService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    private final Hub hub;
    private final TopicPolicy policy;

    public HistoryService(Hub hub, TopicPolicy policy) {
        this.hub = hub;
        this.policy = policy;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .head("/", Head.of(this::list))
                .any("/", ErrorHandling.methodNotAllowed("GET, HEAD"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Query.refuseNearMisses(req, QUERY);
        Query.Cursor at = Query.cursor(req);
        int limit = Query.limit(Query.single(req, "limit"), DEFAULT_LIMIT, MAX_LIMIT);
        Principal who = AuthFilter.principal(req);
        // A private topic the caller may not read is left out, not refused (GET /events refuses it): a
        // page whose stream dropped that topic still lists everything else it asked for.
        EventFilter filter = new EventFilter(topics(req), who.user(), hub.clock().instant(),
                t -> policy.canRead(who, t), who.isOperator());
        // Read before the page: every id up to it is committed and so in the page's range, and a
        // client may treat one it holds that the page lacks as withdrawn (web/app.js reconcile). Read
        // after, a publish landing in between looked withdrawn and left the page.
        long latestId = hub.log().latestId();
        Notifications.Page read = Notifications.page(hub.log(), at.after(), at.before(), filter, limit);
        List<StoredEvent> page = read.events();
        StringBuilder sb = new StringBuilder(64 + page.size() * 160).append("{\"notifications\":[");
        for (int i = 0; i < page.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(page.get(i).json());
        }
        sb.append("],\"count\":").append(page.size())
                .append(",\"hasMore\":").append(read.hasMore())
                .append(",\"latestId\":").append(latestId).append('}');
        Responses.sendJson(res, 200, sb.toString());
    }

    // What GET /notifications reads from the query (token: AuthFilter).
    private static final List<String> QUERY = List.of("topic", "after", "before", "limit", "token");

    private static Set<String> topics(ServerRequest req) {
        List<String> raw = req.query().all("topic", List::of);
        return raw.isEmpty() ? null : Topics.parse(raw);
    }
}
