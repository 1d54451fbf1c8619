package app.banter.matching;

/** A ticket in the pool and when it joined (epoch milliseconds, its score in Redis). */
record Waiting(MatchTicket ticket, long enqueuedAt) {

    long waitedMillis(long now) {
        return Math.max(0, now - enqueuedAt);
    }
}
