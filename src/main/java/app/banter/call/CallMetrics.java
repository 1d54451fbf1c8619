package app.banter.call;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.platform.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The call business metrics (issue 16), counted at the one place each thing happens: minutes in
 * {@link CallBilling#chargeStartedMinutes}, ends in {@link CallEnding#end}, ticks in {@link CallReconciler}. Counts
 * move only when the transaction commits, so a batch rolled back and billed again is not counted twice.
 */
@ApplicationScoped
class CallMetrics {

    private final MeterRegistry registry;
    private final AfterCommit afterCommit;
    private final Counter minutesBilled;
    private final Timer billingTick;

    CallMetrics(MeterRegistry registry, AfterCommit afterCommit) {
        this.registry = registry;
        this.afterCommit = afterCommit;
        this.minutesBilled = Counter.builder("banter.calls.minutes.billed")
                .description("Call minutes charged to callers").register(registry);
        this.billingTick = Timer.builder("banter.billing.tick")
                .description("One billing pass of the call reconciler over every connected call that is due")
                .register(registry);
    }

    void minutesBilled(int minutes) {
        if (minutes > 0) {
            afterCommit.run(() -> minutesBilled.increment(minutes));
        }
    }

    /** Status and reason are each one of a few constants (ENDED/HANG_UP, MISSED/NO_ANSWER, ...). */
    void ended(Call.Status status, String reason) {
        afterCommit.run(() -> registry.counter("banter.calls.ended", "status", status.name(), "reason", reason)
                .increment());
    }

    Timer billingTick() {
        return billingTick;
    }
}
