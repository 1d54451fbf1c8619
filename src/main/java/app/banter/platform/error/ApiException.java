package app.banter.platform.error;

/**
 * A refusal the client can act on: an HTTP status, a stable machine-readable code and a human-readable detail.
 * The detail is shown to the client, so it never carries secrets or other users' data.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ApiException(int status, String code, String detail, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    public static ApiException unauthorized(String code, String detail) {
        return new ApiException(401, code, detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, detail);
    }

    /** Absent, or someone else's: the two look the same so that ids reveal nothing. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "NOT_FOUND", what + " not found");
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "RATE_LIMITED", "Too many requests; retry after " + retryAfterSeconds + " s",
                retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
