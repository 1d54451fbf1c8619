package app.banter.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.call.CallFixture.Party;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A pod that begins to stop bills no further batch: the minutes due stay due, for another pod's reconciler or this
 * one's next start, so no batch is cut off half-way when the database pool closes. Its own application instance (a
 * test profile), since the stop is for good.
 */
@QuarkusTest
@TestProfile(ReconcilerStopTest.Stopping.class)
class ReconcilerStopTest {

    public static class Stopping implements QuarkusTestProfile {
    }

    @Inject
    CallFixture fixture;

    @Inject
    CallReconciler reconciler;


    @Test
    void aStoppingPodLeavesTheMinutesDueToOtherReconcilers() {
        try (Party caller = fixture.online(); Party callee = fixture.online()) {
            UUID callId = fixture.connected(caller, callee, "AUDIO");
            reconciler.stopTicking(new ShutdownEvent());
            reconciler.finishTick(new ShutdownEvent());

            fixture.elapse(callId, Duration.ofSeconds(200));
            Call before = fixture.call(callId);
            long countedBefore = fixture.accrued(callId);
            reconciler.tick();
            reconciler.reconcile();

            Call after = fixture.call(callId);
            assertThat(after.status).isEqualTo(Call.Status.ANSWERED);
            assertThat(after.billedMinutes).isEqualTo(before.billedMinutes).isLessThan(4);
            assertThat(after.nextMinuteStart()).isBefore(Instant.now());
            assertThat(fixture.accrued(callId)).isEqualTo(countedBefore);
            assertThat(fixture.ledgerSum()).isZero();
        }
    }
}
