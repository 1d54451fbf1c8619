package app.banter.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class JobGateTest {

    @Test
    void oneRunAtATime() {
        JobGate gate = new JobGate();
        assertTrue(gate.enter());
        assertFalse(gate.enter());
        gate.exit();
        assertTrue(gate.enter());
    }

    @Test
    void aRunAskedForByHandWaitsForTheRunInProgressAndStartsEvenWhenStopping() throws Exception {
        JobGate gate = new JobGate();
        assertTrue(gate.enter());
        CompletableFuture<Void> byHand = CompletableFuture.runAsync(gate::enterWhenFree);
        Thread.sleep(100);
        assertFalse(byHand.isDone());
        gate.exit();
        byHand.get(30, TimeUnit.SECONDS);
        assertFalse(gate.enter(), "the scheduled run skips while the one by hand runs");
        gate.exit();

        gate.close();
        gate.enterWhenFree();
        assertTrue(gate.stopping());
        gate.exit();
    }

    @Test
    void theStopWaitsForTheRunInProgressAndNoRunStartsAfterIt() throws Exception {
        JobGate gate = new JobGate();
        assertTrue(gate.enter());
        gate.close();
        CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> gate.awaitIdle(Duration.ofSeconds(30)));
        assertTrue(gate.stopping());
        // The run sees the stop between its steps while the stop is still waiting for it.
        assertFalse(stop.isDone());
        gate.exit();
        assertTrue(stop.get(30, TimeUnit.SECONDS));
        assertFalse(gate.enter());
    }

    @Test
    void theStopGivesUpOnARunThatOutlastsTheBound() {
        JobGate gate = new JobGate();
        assertTrue(gate.enter());
        gate.close();
        assertFalse(gate.awaitIdle(Duration.ofMillis(50)));
        assertTrue(gate.stopping());
    }

    @Test
    void aStopWithNothingRunningReturnsAtOnce() {
        JobGate gate = new JobGate();
        gate.close();
        assertTrue(gate.awaitIdle(Duration.ZERO));
        assertFalse(gate.enter());
    }
}
