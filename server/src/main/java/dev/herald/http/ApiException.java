package dev.herald.http;

/**
 * A request we refuse, with the HTTP status and the JSON body {@code {"error","detail"}}.
 * {@code error} is a stable machine-readable code, {@code detail} a sentence for humans.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String error, String detail) {
        return new ApiException(400, error, detail);
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
