package app.banter.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Two background jobs whose work in flight outlasts the stop: stopped as a pod stops them (both stop starting work,
 * then each waits with what is left of the one budget), they take the budget once, not once each.
 */
class StopBudgetTest {

    private static final Duration BUDGET = Duration.ofSeconds(2);

    @Test
    void jobsThatOutlastTheStopShareOneBudget() {
        StopBudget budget = new StopBudget(BUDGET);
        JobGate billing = new JobGate();
        JobGate matching = new JobGate();
        billing.enter();
        matching.enter();

        long began = System.nanoTime();
        budget.start(null);
        billing.close();
        matching.close();
        boolean billingFinished = billing.awaitIdle(budget.remaining());
        boolean matchingFinished = matching.awaitIdle(budget.remaining());
        Duration stop = Duration.ofNanos(System.nanoTime() - began);

        assertThat(billingFinished).isFalse();
        assertThat(matchingFinished).isFalse();
        assertThat(budget.remaining()).isZero();
        // A bound each would take twice the budget; the margin is for a busy machine.
        assertThat(stop).isGreaterThanOrEqualTo(BUDGET).isLessThan(BUDGET.multipliedBy(7).dividedBy(4));
    }

    @Test
    void theBudgetRunsFromTheStopsBeginning() throws InterruptedException {
        StopBudget budget = new StopBudget(BUDGET);
        budget.start(null);
        Thread.sleep(100);
        assertThat(budget.remaining()).isLessThanOrEqualTo(BUDGET.minusMillis(100)).isPositive();
    }
}
