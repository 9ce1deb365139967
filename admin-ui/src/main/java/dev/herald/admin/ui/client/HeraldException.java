package dev.herald.admin.ui.client;

/** Why a call to the server failed, in words an operator can act on. */
public final class HeraldException extends RuntimeException {
    /** What went wrong, coarse enough for the status bar to pick a state. */
    public enum Kind {
        /** 401/403: the operator token is missing or wrong. */
        AUTH,
        /** The server answered with an error ({@code {"error","detail"}}). */
        REJECTED,
        /** No answer: server down, wrong address, network gone, timeout. */
        UNREACHABLE
    }

    private final Kind kind;
    private final int status;
    private final String error;

    public HeraldException(Kind kind, int status, String error, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.status = status;
        this.error = error;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The server's machine-readable code (e.g. {@code message_too_long}), or null. */
    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    /** One line for the UI, e.g. {@code "message_too_long: "message" has 5000 characters..."}. */
    public String describe() {
        return switch (kind) {
            case AUTH -> "Authentication failed (" + status + "): " + detail();
            case UNREACHABLE -> "Server unreachable: " + detail();
            case REJECTED -> (error == null ? "HTTP " + status : error) + ": " + detail();
        };
    }

    /** Unwraps CompletionException layers to the HeraldException, or wraps anything else. */
    public static HeraldException of(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof HeraldException h) {
            return h;
        }
        return new HeraldException(Kind.UNREACHABLE, 0, null, words(c), c);
    }

    /** Like {@link #of(Throwable)}, naming the server when there was no answer ("connection refused at host:8080"). */
    public static HeraldException of(Throwable t, java.net.URI server) {
        HeraldException e = of(t);
        return e.kind == Kind.UNREACHABLE && e.getCause() != null && !(e.getCause() instanceof HeraldException)
                ? new HeraldException(Kind.UNREACHABLE, 0, null, e.detail() + " at " + server.getAuthority(), e.getCause())
                : e;
    }

    // The JDK leaves the message of the commonest network failures empty, and calls a host name that
    // does not resolve a ConnectException too (the cause says which).
    private static String words(Throwable c) {
        for (Throwable t = c; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "no such host (check the server address)";
            }
        }
        if (c.getMessage() != null && !c.getMessage().isBlank()) {
            return c.getMessage();
        }
        return switch (c) {
            case java.net.ConnectException x -> "connection refused";
            case java.nio.channels.ClosedChannelException x -> "connection closed";
            case java.net.http.HttpTimeoutException x -> "no answer in time";
            default -> c.getClass().getSimpleName();
        };
    }
}
