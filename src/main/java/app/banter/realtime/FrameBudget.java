package app.banter.realtime;

/**
 * How many frames one connection may send per second. Typing and read frames each cost a database lookup, so a
 * client sending them in a loop is slowed down at its own connection instead of loading the database for everyone.
 * Frames of one connection are handled one at a time, so no locking is needed.
 */
final class FrameBudget {

    private long windowStart;
    private int used;

    boolean tryTake(int perSecond, long nowMillis) {
        if (nowMillis - windowStart >= 1000) {
            windowStart = nowMillis;
            used = 0;
        }
        return ++used <= perSecond;
    }
}
