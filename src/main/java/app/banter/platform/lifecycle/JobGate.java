package app.banter.platform.lifecycle;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets a pod stop between the steps of a long background job rather than in the middle of one. The scheduler does not
 * wait for a job that is running when the pod stops, and the database pool closes under it: its transaction rolls
 * back with an error in the log. The job enters the gate for a run and asks {@link #stopping()} between its steps;
 * the stop closes the gate and then waits, up to a bound, for the step in progress.
 */
public final class JobGate {

    private final Semaphore running = new Semaphore(1);
    private volatile boolean stopping;

    /** Whether a run may start now: false once stopping, or while another run holds the gate. */
    public boolean enter() {
        if (stopping || !running.tryAcquire()) {
            return false;
        }
        if (stopping) {
            // The stop came in between and found the gate free: it no longer waits for this run.
            running.release();
            return false;
        }
        return true;
    }

    /**
     * Waits for the run in progress, if any, and starts one even when stopping: a run asked for by hand never overlaps
     * the scheduled one, and sees {@link #stopping()} between its steps like any run.
     */
    public void enterWhenFree() {
        running.acquireUninterruptibly();
    }

    /** Ends a run that {@link #enter} or {@link #enterWhenFree} let start. */
    public void exit() {
        running.release();
    }

    /** Whether the pod is stopping: a run leaves the steps it has not begun to a later run or another pod. */
    public boolean stopping() {
        return stopping;
    }

    /** Closes the gate: no run starts after this, and the run in progress sees {@link #stopping()}. */
    public void close() {
        stopping = true;
    }

    /** Waits for the run in progress to exit, at most {@code bound}; returns whether it did (or none was running). */
    public boolean awaitIdle(Duration bound) {
        try {
            if (running.tryAcquire(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                running.release();
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
