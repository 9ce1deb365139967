package dev.herald.http;

/**
 * A request we refuse, with the HTTP status and the JSON body {@code {"error","detail"}}.
 * {@code error} is a stable machine-readable code, {@code detail} a sentence for humans; a few
 * refusals add a field a client acts on ({@link #with}), e.g. the {@code topic} a 403 refuses.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private java.util.Map<String, String> fields = java.util.Map.of();

    public ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String error, String detail) {
        return new ApiException(400, error, detail);
    }

    /** Adds a field to the JSON body (beside error and detail), for clients that act on it. */
    public ApiException with(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(fields);
        more.put(name, value);
        fields = java.util.Map.copyOf(more);
        return this;
    }

    public java.util.Map<String, String> fields() {
        return fields;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }
}
