package dev.herald.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Request-body checks shared by the write endpoints. */
public final class Bodies {
    private Bodies() {
    }

    /** 415 unless the request says it is JSON. */
    public static void requireJson(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw new ApiException(415, "unsupported_media_type",
                    "send Content-Type: application/json" + (type.isEmpty() ? "" : " (got " + type + ")"));
        }
    }

    /** Reads the whole body, refusing (413) more than max bytes without reading further. */
    public static byte[] read(ServerRequest req, int max) {
        var length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > max) {
            throw tooLarge(max);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] buf = in.readNBytes(max + 1);
            if (buf.length > max) {
                throw tooLarge(max);
            }
            return buf;
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable_body", "could not read the request body: " + e.getMessage());
        }
    }

    private static ApiException tooLarge(int max) {
        return new ApiException(413, "body_too_large", "request body is larger than " + max + " bytes");
    }
}
