package dev.herald.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;

/** Who is calling, by address: for per-IP limits (streams, relayed receipts). */
public final class ClientAddress {
    private ClientAddress() {
    }

    /** The client's address: the peer, or with {@code trustProxy} the entry our proxy added to X-Forwarded-For. */
    public static String of(ServerRequest req, boolean trustProxy) {
        if (trustProxy) {
            String peer = forwardedPeer(req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
            if (peer != null) {
                return peer;
            }
        }
        return req.remotePeer().host();
    }

    /**
     * The address our proxy saw: the last entry of X-Forwarded-For. The entries before it are whatever
     * the client sent (a proxy appends to the header), so "127.0.0.1, <real>" or a new made-up first
     * entry per request must not pass for loopback or for another client (found in a QA pass).
     */
    public static String forwardedPeer(List<String> headerValues) {
        String last = null;
        for (String value : headerValues) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    last = entry.trim();
                }
            }
        }
        return last;
    }
}
