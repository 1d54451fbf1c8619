package app.banter.realtime;

/**
 * How many frames one connection may send per second. Typing and read frames each cost a database lookup, so a
 * client sending them in a loop is slowed down at its own connection instead of loading the database for everyone.
 * Each refused frame is answered with an error event; a connection that goes on sending over budget, window after
 * window, is closed once it has had {@code refusalsBeforeClose} frames refused, so that a flood costs a bounded number
 * of answers. A window within budget, or a quiet one, forgives the earlier refusals. Frames of one connection are handled one at a
 * time, so no locking is needed.
 */
final class FrameBudget {

    enum Verdict {
        ACCEPT,
        REFUSE,
        /** Close the connection now. */
        CLOSE,
        /** Already being closed: frames that were on their way meanwhile are dropped without an answer. */
        DROP
    }

    private long windowStart;
    private int used;
    private int refusedInWindow;
    private int refusals;
    private boolean closing;

    Verdict take(int perSecond, int refusalsBeforeClose, long nowMillis) {
        if (closing) {
            return Verdict.DROP;
        }
        if (nowMillis - windowStart >= 1000) {
            if (refusedInWindow == 0 || nowMillis - windowStart >= 2000) {
                refusals = 0;
            }
            windowStart = nowMillis;
            used = 0;
            refusedInWindow = 0;
        }
        if (++used <= perSecond) {
            return Verdict.ACCEPT;
        }
        refusedInWindow++;
        closing = ++refusals >= refusalsBeforeClose;
        return closing ? Verdict.CLOSE : Verdict.REFUSE;
    }
}
