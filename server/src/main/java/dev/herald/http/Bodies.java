package dev.herald.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Request-body checks shared by the write endpoints. */
public final class Bodies {
    private static final Logger LOG = Logger.getLogger(Bodies.class.getName());

    private Bodies() {
    }

    /** 415 unless the request says it is JSON, in UTF-8 (JSON's only encoding; other charsets would be misread). */
    public static void requireJson(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        // split(";", -1): a type of only separators (";;") split to no parts at all, and parts[0] was a 500.
        String[] parts = type.split(";", -1);
        String base = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw new ApiException(415, "unsupported_media_type",
                    "send Content-Type: application/json" + (type.isEmpty() ? "" : " (got " + type + ")"));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            // "utf8" is the same encoding under a name some clients send (MySQL's, PHP's).
            String charset = param.length == 2 ? param[1].trim().replace("\"", "") : "";
            if (param[0].trim().equalsIgnoreCase("charset") && param.length == 2
                    && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                throw new ApiException(415, "unsupported_charset", "send JSON as UTF-8 (got " + type + ")");
            }
        }
    }

    /**
     * Reads the whole body, refusing (413) more than max bytes without reading further. A body that
     * cannot be read (broken chunked encoding, the client gone mid-upload) is a 400. Both close the
     * connection ({@link BodyException}): Helidon would otherwise read the rest of the body first, and
     * a broken one never ends.
     */
    public static byte[] read(ServerRequest req, int max) {
        var length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > max) {
            throw tooLarge(max);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        // Not closed when refused: closing reads the rest of the body, and a broken one never ends.
        InputStream in = req.content().inputStream();
        byte[] buf;
        try {
            buf = in.readNBytes(max + 1);
        } catch (IOException | RuntimeException e) {
            // Helidon reports a malformed chunk or a short body as unchecked exceptions (NumberFormatException,
            // DataReader.InsufficientDataAvailableException, UncheckedIOException), not IOException.
            throw unreadable(e);
        }
        if (buf.length > max) {
            throw tooLarge(max);
        }
        try {
            in.close(); // at the end of the body already: nothing left to read
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        return buf;
    }

    // Helidon's messages ("For input string: ...", none at all) tell a client nothing it can act on.
    private static ApiException unreadable(Exception e) {
        LOG.log(Level.FINE, "unreadable request body", e);
        return new BodyException(400, "unreadable_body", "the request body could not be read: broken chunked encoding, "
                + "or the connection ended before the body did");
    }

    private static ApiException tooLarge(int max) {
        return new BodyException(413, "body_too_large", "request body is larger than " + max + " bytes");
    }

    /** A refused body: the connection is closed after the answer, the rest of the body is never read. */
    public static final class BodyException extends ApiException {
        BodyException(int status, String error, String detail) {
            super(status, error, detail);
        }
    }
}
