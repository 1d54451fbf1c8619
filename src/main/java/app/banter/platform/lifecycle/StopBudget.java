package app.banter.platform.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.ShutdownEvent;

/**
 * The one time budget a stopping pod gives its background jobs (the call reconciler's billing batches, the matcher's
 * tick and batches). Every job stops starting work first, in a {@link #BEGIN} observer of {@link ShutdownEvent}; then
 * each waits for its work in flight, in an {@link #AWAIT} observer, until the same deadline. Waited for one after the
 * other with a bound each, the jobs could take the stop past the pod's terminationGracePeriodSeconds (which covers the
 * shutdown delay, the requests' timeout and this budget), and Kubernetes would kill the pod in the middle of a batch.
 */
@ApplicationScoped
public class StopBudget {

    public static final Duration BUDGET = Duration.ofSeconds(10);

    /** Observer priorities: every job's {@link #BEGIN} runs before any job's {@link #AWAIT}. */
    public static final int BEGIN = Interceptor.Priority.APPLICATION;
    public static final int AWAIT = BEGIN + 100;

    private final Duration budget;
    // System.nanoTime() when the budget runs out; fixed when the stop begins.
    private final AtomicReference<Long> deadline = new AtomicReference<>();

    public StopBudget() {
        this(BUDGET);
    }

    StopBudget(Duration budget) {
        this.budget = budget;
    }

    void start(@Observes @Priority(BEGIN - 1) ShutdownEvent stopping) {
        deadline();
    }

    /** What is left of the budget, which runs from the stop's beginning (or from this first call, outside a stop). */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline() - System.nanoTime()));
    }

    private long deadline() {
        return deadline.updateAndGet(fixed -> fixed != null ? fixed : System.nanoTime() + budget.toNanos());
    }
}
