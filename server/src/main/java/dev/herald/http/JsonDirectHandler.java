package dev.herald.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import java.nio.charset.StandardCharsets;

/**
 * Requests Helidon refuses before routing (a broken header, Content-Length or URL, HTTP/1.0...)
 * get the same {@code {"error","detail"}} JSON as ours; Helidon's default is an empty body.
 */
public final class JsonDirectHandler implements DirectHandler {
    // Helidon's stand-in for messages it marks unsafe; it logs nothing, so "see the log" would mislead.
    private static final String UNSAFE_STAND_IN = "see server log";
    // Helidon reports too large (or too many) headers as a plain 400 with this text.
    private static final String HEADERS_TOO_LARGE = "Header size exceeded";
    private static final Status HEADERS_TOO_LARGE_431 = Status.create(431, "Request Header Fields Too Large");

    private final ListenerPaths paths;

    private JsonDirectHandler(ListenerPaths paths) {
        this.paths = paths;
    }

    /** One handler for every event type, for a listener's {@code directHandlers(...)}; its 404s hint at {@code paths}. */
    public static DirectHandlers all(ListenerPaths paths) {
        JsonDirectHandler handler = new JsonDirectHandler(paths);
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            b.addHandler(type, handler);
        }
        return b.build();
    }

    /** Lets Helidon pass its (safe) message, which becomes the detail. */
    public static io.helidon.webserver.ErrorHandling errorHandling() {
        return io.helidon.webserver.ErrorHandling.builder().includeEntity(true).build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders headers, String message) {
        Status status = HEADERS_TOO_LARGE.equals(message) ? HEADERS_TOO_LARGE_431 : defaultStatus;
        String detail = status.code() == 404 && !request.path().isEmpty() ? paths.notFound(request.path())
                : detail(status.code(), message);
        String body = Responses.errorJson(new ApiException(status.code(), error(status.code()), detail));
        // A HEAD's answer has no body: on a kept-alive connection it would be read as the next response.
        byte[] entity = "HEAD".equals(request.method()) ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        TransportResponse.Builder answer = TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .keepAlive(eventType.keepAlive())
                .entity(entity);
        SecurityHeaders.ALL.forEach(answer::header); // as on every answer of the routes
        return answer.build();
    }

    // The same codes as ErrorHandling gives inside routing, where one exists.
    static String error(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 503 -> "server_busy";
            case 505 -> "http_version_not_supported";
            default -> "http_error";
        };
    }

    static String detail(int status, String message) {
        return switch (status) {
            case 404 -> "no such resource";
            case 414 -> "the request URI (path and query) is too long";
            case 431 -> "request headers are too large or too many";
            case 503 -> "too many requests in progress on this server (server.max-concurrent-requests); try again shortly";
            case 500 -> "unexpected server error";
            case 505 -> "only HTTP/1.1 is supported (HTTP/1.0 is not): configure the client, proxy or probe for HTTP/1.1";
            // Helidon's words for a bad %-escape in the query name its parser's index and char ("Query has
            // non hexadecimal char in % encoding: limit=%ZZ, index: 7, char: 'Z'").
            default -> message != null && message.contains("% encoding")
                    ? "the query has a malformed %-escape (a % takes two hex digits; send %25 for a % itself)"
                    : message != null && !message.isBlank() && !message.contains(UNSAFE_STAND_IN) ? message
                    : status == 400 ? "malformed HTTP request (request line, URL or headers)"
                    : "the server refused this HTTP request (status " + status + ")";
        };
    }
}
