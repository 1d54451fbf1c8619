package app.banter.platform;

import java.util.function.IntUnaryOperator;

/** For jobs that work through a backlog in batches, each in a transaction of its own. */
public final class Batches {

    private Batches() {
    }

    /**
     * Runs {@code batch} with {@code batchSize} until a batch does fewer rows than that (the backlog is done); returns
     * how many rows all the batches did.
     */
    public static int untilShort(int batchSize, IntUnaryOperator batch) {
        int done;
        int total = 0;
        do {
            done = batch.applyAsInt(batchSize);
            total += done;
        } while (done == batchSize);
        return total;
    }
}
