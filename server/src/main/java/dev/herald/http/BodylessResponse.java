package dev.herald.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The response a GET handler writes into when it answers a HEAD: everything passes through except
 * the body, whose length still goes out as {@code Content-Length}. Helidon itself would send the body.
 */
final class BodylessResponse implements ServerResponse {
    private final ServerResponse res;

    BodylessResponse(ServerResponse res) {
        this.res = res;
    }

    @Override
    public void send(byte[] bytes, int position, int length) {
        res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(length)); // Helidon keeps a length it is given
        res.send(new byte[0]);
    }

    @Override
    public void send(byte[] bytes) {
        send(bytes, 0, bytes.length);
    }

    @Override
    public void send(Object entity) {
        if (entity instanceof byte[] bytes) {
            send(bytes);
        } else if (entity instanceof String text) {
            send(text.getBytes(StandardCharsets.UTF_8));
        } else {
            // Only bodies sent whole have a length to tell; a handler with another entity answers GET only.
            throw new IllegalStateException("HEAD needs a body sent as bytes or text, not " + entity.getClass());
        }
    }

    @Override
    public OutputStream outputStream() {
        throw new IllegalStateException("HEAD needs a body sent whole, not streamed");
    }

    @Override
    public void send() {
        res.send();
    }

    @Override
    public ServerResponse status(Status status) {
        res.status(status);
        return this;
    }

    @Override
    public Status status() {
        return res.status();
    }

    @Override
    public ServerResponse header(Header header) {
        res.header(header);
        return this;
    }

    @Override
    public boolean isSent() {
        return res.isSent();
    }

    @Override
    public long bytesWritten() {
        return res.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        res.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        res.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        res.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        res.next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return res.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return res.trailers();
    }

    @Override
    public void streamResult(String result) {
        res.streamResult(result);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        res.streamFilter(filterFunction);
    }
}
