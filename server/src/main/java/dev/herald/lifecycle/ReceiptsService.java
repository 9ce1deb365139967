package dev.herald.lifecycle;

import dev.herald.auth.AuthFilter;
import dev.herald.auth.Principal;
import dev.herald.auth.RateLimiter;
import dev.herald.http.ApiException;
import dev.herald.http.Bodies;
import dev.herald.http.ClientAddress;
import dev.herald.http.ErrorHandling;
import dev.herald.http.Limits;
import dev.herald.http.Responses;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/**
 * {@code POST /receipts} {"connection","delivered":[ids],"seen":[ids]}: a page says which
 * notifications reached it and which were visible in a focused tab. Authenticated like the stream
 * (same token sources); the connection must be the caller's own open stream. Each id is checked:
 * the ones that pass count, the others come back in {@code refused}; a batch with none that passes is a
 * 404 (unknown) or 403 (not meant for this connection). In cluster mode a batch for
 * another node's stream goes to that node through Redis ({@link ReceiptRelay}), checked there.
 */
public final class ReceiptsService implements HttpService {
    private static final int MAX_BODY = 16 * 1024;

    // Batches passed on to other nodes, per caller address and node: their connection ids are the caller's to
    // choose, so the per-connection limit alone would not bound them.
    private static final double RELAY_RATE = 100;
    private static final int RELAY_BURST = 200;

    private final Lifecycle lifecycle;
    private final RateLimiter rate;
    private final RateLimiter relayRate = new RateLimiter(RELAY_RATE, RELAY_BURST, System::nanoTime);
    private final boolean trustProxy;

    public ReceiptsService(Lifecycle lifecycle, RateLimiter rate, boolean trustProxy) {
        this.lifecycle = lifecycle;
        this.rate = rate;
        this.trustProxy = trustProxy;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::receipts)
                .any("/", ErrorHandling.methodNotAllowed("POST"));
    }

    private void receipts(ServerRequest req, ServerResponse res) {
        Bodies.requireJson(req);
        ReceiptBatch batch = ReceiptBatch.parse(Bodies.read(req, MAX_BODY));
        Limits.check(rate, batch.connection(), "receipt rate");
        Principal who = AuthFilter.principal(req);
        ReceiptRelay relay = lifecycle.relay();
        if (relay != null && !lifecycle.holds(batch.connection()) && !batch.node().isEmpty()
                && !batch.node().equals(lifecycle.hub().nodeId())) {
            // Another node's stream (no sticky sessions in front): that node checks and counts it.
            Limits.check(relayRate, ClientAddress.limitKey(ClientAddress.of(req, trustProxy)), "receipt rate");
            switch (relay.forward(batch, who.isOperator(), who.user())) {
                case PUSHED -> Responses.json(res, 202, Map.of("forwarded", batch.node()));
                // Retried by the page (5xx): the node may only have missed a presence report.
                case NODE_QUIET -> throw new ApiException(503, "node_unavailable", "the node holding stream "
                        + batch.connection() + " is not reporting to the cluster right now; try again shortly");
                case NO_SUCH_NODE -> throw new ApiException(404, "unknown_connection", "no open stream "
                        + batch.connection() + " (its node " + batch.node() + " is not in the cluster)");
            }
            return;
        }
        Responses.json(res, 200, lifecycle.report(batch, who.isOperator(), who.user()));
    }
}
