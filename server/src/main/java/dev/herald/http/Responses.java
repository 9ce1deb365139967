package dev.herald.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;

/** JSON responses, and the one shape every refused request gets: {@code {"error","detail"}}. */
public final class Responses {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private Responses() {
    }

    public static void json(ServerResponse res, int status, Object body) {
        try {
            sendJson(res, status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }

    /** Sends JSON text that is already serialized. */
    public static void sendJson(ServerResponse res, int status, String json) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(json.getBytes(StandardCharsets.UTF_8));
    }

    public static void error(ServerResponse res, ApiException e) {
        sendJson(res, e.status(), errorJson(e));
    }

    /** The refusal's body, {@code {"error","detail"}} plus its extra fields: the one shape every refusal has. */
    public static String errorJson(ApiException e) {
        var body = JSON.createObjectNode();
        body.put("error", e.error());
        body.put("detail", e.detail());
        e.fields().forEach(body::put);
        return body.toString();
    }
}
