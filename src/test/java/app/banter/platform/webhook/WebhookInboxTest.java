package app.banter.platform.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import app.banter.platform.error.ApiException;
import app.banter.testsupport.Concurrently;
import io.quarkus.test.junit.QuarkusTest;

/** The inbox every provider's webhooks go through: one effect per (provider, event id), or none. */
@QuarkusTest
class WebhookInboxTest {

    @Inject
    WebhookInbox inbox;

    @Inject
    WebhookInboxPruning pruning;

    private final AtomicInteger applied = new AtomicInteger();

    @Test
    void aRedeliveryChangesNothingButTheSameIdFromAnotherProviderIsAnotherEvent() {
        String eventId = "evt_" + UUID.randomUUID();
        assertThat(receive("kyc-test", eventId)).isEqualTo(WebhookOutcome.PROCESSED);
        assertThat(receive("kyc-test", eventId)).isEqualTo(WebhookOutcome.DUPLICATE);
        assertThat(receive("payout-test", eventId)).isEqualTo(WebhookOutcome.PROCESSED);
        assertThat(applied).hasValue(2);
    }

    @Test
    void anEffectThatFailsLeavesNoRecordSoTheRetryApplies() {
        String eventId = "evt_" + UUID.randomUUID();
        VerifiedWebhook<String> webhook = webhook("kyc-test", eventId);
        assertThatThrownBy(() -> inbox.receive(webhook, w -> {
            throw ApiException.notFound("Submission");
        })).isInstanceOf(ApiException.class);
        assertThat(receive("kyc-test", eventId)).isEqualTo(WebhookOutcome.PROCESSED);
        assertThat(applied).hasValue(1);
    }

    @Test
    void oneEventDeliveredToManyPodsAtOnceIsAppliedOnce() {
        String eventId = "evt_" + UUID.randomUUID();
        List<WebhookOutcome> outcomes = Concurrently.run(8, thread -> receive("kyc-test", eventId)).stream()
                .map(Concurrently.Outcome::result).toList();
        assertThat(outcomes).containsOnlyOnce(WebhookOutcome.PROCESSED).containsOnly(WebhookOutcome.PROCESSED,
                WebhookOutcome.DUPLICATE);
        assertThat(applied).hasValue(1);
    }

    @Test
    void anEventWithoutAUsableIdIsRefused() {
        assertThatThrownBy(() -> webhook("kyc-test", " ")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("INVALID_EVENT"));
        assertThatThrownBy(() -> webhook("kyc-test", "e".repeat(VerifiedWebhook.MAX_EVENT_ID_LENGTH + 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    private WebhookOutcome receive(String provider, String eventId) {
        return inbox.receive(webhook(provider, eventId), w -> {
            applied.incrementAndGet();
            return WebhookOutcome.PROCESSED;
        }).outcome();
    }

    private static VerifiedWebhook<String> webhook(String provider, String eventId) {
        return new VerifiedWebhook<>(provider, eventId, "verification.completed", Instant.now(), "{}");
    }

    @Test
    void recordsPastTheRetentionArePrunedAndTheirEventsWouldApplyAgain() {
        String old = "evt_" + UUID.randomUUID();
        String recent = "evt_" + UUID.randomUUID();
        assertThat(receive("prune-test", old)).isEqualTo(WebhookOutcome.PROCESSED);
        Instant cutoff = Instant.now();
        assertThat(receive("prune-test", recent)).isEqualTo(WebhookOutcome.PROCESSED);

        assertThat(pruning.prune(cutoff)).isGreaterThanOrEqualTo(1);

        assertThat(receive("prune-test", recent)).as("kept: within the retention").isEqualTo(WebhookOutcome.DUPLICATE);
        assertThat(receive("prune-test", old)).as("forgotten").isEqualTo(WebhookOutcome.PROCESSED);
    }
}
