package app.banter.platform.error;

/**
 * The database or Redis out of reach for a moment ({@link DatabaseUnavailable}, {@link RedisUnavailable}), for the
 * places that answer a failure other than with a REST response, such as a websocket that could not open: the failure
 * passes, so the client is told to come back rather than that we failed.
 */
public final class DependencyOutage {

    private DependencyOutage() {
    }

    public static boolean isCauseOf(Throwable failure) {
        return DatabaseUnavailable.isCauseOf(failure) || RedisUnavailable.isCauseOf(failure);
    }
}
