package app.banter.payment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.payment.razorpay.RazorpayGateway;
import app.banter.payment.razorpay.RazorpayModel.CreateSubscription;
import app.banter.payment.razorpay.RazorpayModel.Subscription;
import app.banter.platform.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Premium plans. The app pays the Razorpay subscription in Checkout; premium time is granted only by verified
 * subscription webhooks: activated/charged extend premiumUntil to the paid period's end, cancelled/halted/completed
 * stop extending it, so premium lasts to the end of the period already paid. Events are judged by their own time.
 */
@ApplicationScoped
public class SubscriptionService {

    /** Razorpay never moves a subscription out of these. */
    private static final Set<String> FINAL_STATUSES = Set.of("cancelled", "completed", "expired");

    private final PremiumSubscriptionRepository subscriptions;
    private final RazorpayGateway razorpay;
    private final PaymentConfig config;

    SubscriptionService(PremiumSubscriptionRepository subscriptions, RazorpayGateway razorpay, PaymentConfig config) {
        this.subscriptions = subscriptions;
        this.razorpay = razorpay;
        this.config = config;
    }

    public SubscriptionView subscribe(UUID userId, String planId) {
        PaymentConfig.PlanConfig plan = config.plans().get(planId);
        if (plan == null) {
            throw ApiException.badRequest("UNKNOWN_PLAN", "No premium plan '" + planId + "'");
        }
        Subscription created = razorpay.createSubscription(new CreateSubscription(plan.razorpayPlanId(),
                plan.totalCount(), 1, Map.of("user_id", userId.toString(), "plan", planId)));
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            PremiumSubscription subscription = new PremiumSubscription();
            subscription.id = UUID.randomUUID();
            subscription.userId = userId;
            subscription.plan = planId;
            subscription.razorpaySubscriptionId = created.id();
            subscription.status = created.status();
            subscription.createdAt = now;
            subscription.updatedAt = now;
            subscriptions.persist(subscription);
            return SubscriptionView.of(subscription, created.shortUrl(), razorpay.keyId());
        });
    }

    @Transactional
    public List<SubscriptionView> subscriptionsOf(UUID userId) {
        return subscriptions.ofUser(userId).stream().map(s -> SubscriptionView.of(s, null, null)).toList();
    }

    /**
     * Cancels at the end of the paid period: Razorpay is asked first (outside any transaction), then the request is
     * recorded; premium lasts to currentEnd and the subscription.cancelled webhook ends the status. Cancelling again
     * changes nothing and asks Razorpay nothing; someone else's subscription is not found.
     */
    public SubscriptionView cancel(UUID userId, UUID subscriptionId) {
        PremiumSubscription found = QuarkusTransaction.requiringNew().call(
                () -> subscriptions.findOwned(userId, subscriptionId))
                .orElseThrow(() -> ApiException.notFound("Subscription"));
        if (FINAL_STATUSES.contains(found.status)) {
            throw ApiException.conflict("SUBSCRIPTION_ENDED", "This subscription has already ended");
        }
        if (found.cancelRequestedAt == null) {
            razorpay.cancelSubscriptionAtCycleEnd(found.razorpaySubscriptionId);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            PremiumSubscription subscription = lock(found.razorpaySubscriptionId);
            if (subscription.cancelRequestedAt == null) {
                subscription.cancelRequestedAt = Instant.now();
                subscription.updatedAt = subscription.cancelRequestedAt;
            }
            return SubscriptionView.of(subscription, null, null);
        });
    }

    /**
     * subscription.activated / subscription.charged: a paid period, so premium lasts to its end. Applied whatever
     * the order of arrival, even after the cancellation: the charge was made, and the period is the user's.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void extend(Subscription event, Instant occurredAt) {
        PremiumSubscription subscription = lock(event.id());
        moveStatus(subscription, event.status(), occurredAt);
        if (event.currentEnd() != null) {
            Instant end = Instant.ofEpochSecond(event.currentEnd());
            if (subscription.currentEnd == null || end.isAfter(subscription.currentEnd)) {
                subscription.currentEnd = end;
            }
            subscriptions.extendPremium(subscription.userId, end);
        }
    }

    /** cancelled / halted / completed: nothing more is added; what was paid for is kept. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end(Subscription event, Instant occurredAt) {
        moveStatus(lock(event.id()), event.status(), occurredAt);
    }

    /**
     * Razorpay does not deliver subscription events in order, so the status only moves to what an event at least
     * as new as the one that set it says; and nothing leaves a status that Razorpay itself never leaves.
     */
    private static void moveStatus(PremiumSubscription subscription, String status, Instant occurredAt) {
        if (FINAL_STATUSES.contains(subscription.status)
                || (subscription.statusAt != null && occurredAt.isBefore(subscription.statusAt))) {
            return;
        }
        subscription.status = status;
        subscription.statusAt = occurredAt;
        subscription.updatedAt = Instant.now();
    }

    private PremiumSubscription lock(String razorpaySubscriptionId) {
        return subscriptions.lockByRazorpayId(razorpaySubscriptionId)
                .orElseThrow(() -> ApiException.notFound("Subscription"));
    }

    public record SubscriptionView(UUID id, String plan, @Schema(nullable = true) String razorpaySubscriptionId,
            String status, @Schema(nullable = true) Instant currentEnd, @Schema(nullable = true) String shortUrl,
            @Schema(nullable = true) String keyId,
            @Schema(description = "Cancelled by the member: it renews no more and ends with the paid period")
            boolean cancelAtPeriodEnd) {

        static SubscriptionView of(PremiumSubscription s, String shortUrl, String keyId) {
            return new SubscriptionView(s.id, s.plan, s.razorpaySubscriptionId, s.status, s.currentEnd, shortUrl,
                    keyId, s.cancelRequestedAt != null);
        }
    }
}
