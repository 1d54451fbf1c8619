package app.banter.payment;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.payment.PremiumSubscription.AccountClosure;
import app.banter.payment.razorpay.RazorpayGateway;
import app.banter.payment.razorpay.RazorpayModel.CreateSubscription;
import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.payment.razorpay.RazorpayModel.Subscription;
import app.banter.platform.AfterCommit;
import app.banter.platform.error.ApiException;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.social.UserBanned;
import app.banter.user.AccountDeleted;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Premium plans. The app pays the Razorpay subscription in Checkout; premium time is granted only by verified
 * subscription webhooks: activated/charged extend premiumUntil to the paid period's end, cancelled/halted/completed
 * stop extending it, so premium lasts to the end of the period already paid. Events are judged by their own time.
 * When the member's account is deleted or banned, their plans are cancelled at Razorpay for them.
 */
@ApplicationScoped
public class SubscriptionService {

    /** Razorpay never moves a subscription out of these. */
    static final Set<String> FINAL_STATUSES = Set.of("cancelled", "completed", "expired");

    private final PremiumSubscriptionRepository subscriptions;
    private final RazorpayGateway razorpay;
    private final SubscriptionCancellations cancellations;
    private final PaymentAnomalies anomalies;
    private final AfterCommit afterCommit;
    private final PaymentConfig config;
    private final RateLimiter rateLimiter;

    SubscriptionService(PremiumSubscriptionRepository subscriptions, RazorpayGateway razorpay,
            SubscriptionCancellations cancellations, PaymentAnomalies anomalies, AfterCommit afterCommit,
            PaymentConfig config, RateLimiter rateLimiter) {
        this.subscriptions = subscriptions;
        this.razorpay = razorpay;
        this.cancellations = cancellations;
        this.anomalies = anomalies;
        this.afterCommit = afterCommit;
        this.config = config;
        this.rateLimiter = rateLimiter;
    }

    static boolean isFinal(String status) {
        return status != null && FINAL_STATUSES.contains(status);
    }

    public SubscriptionView subscribe(UUID userId, String planId) {
        PaymentConfig.PlanConfig plan = config.plans().get(planId);
        if (plan == null) {
            throw ApiException.badRequest("UNKNOWN_PLAN", "No premium plan '" + planId + "'");
        }
        // Every request creates a subscription at Razorpay (there is no key to recognise a retry by), so each counts.
        rateLimiter.acquire("premium-subscriptions", userId.toString(),
                new RateLimiter.Limit(config.subscriptionsPerHour(), Duration.ofHours(1)));
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
        if (isFinal(found.status)) {
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
     * A deleted account's plans: nobody can use the premium they pay for, nor cancel them (the account and its
     * sessions are gone), so they are cancelled at once.
     */
    void cancelForDeletedAccount(@Observes AccountDeleted deleted) {
        stopCharging(deleted.userId(), AccountClosure.DELETED);
    }

    /**
     * A banned member's plans are cancelled at once too, not at the cycle end as a member's own cancellation is: they
     * cannot sign in to use or cancel them, and waiting for the cycle end would keep nothing for them should the ban
     * be lifted, since the time already paid for is in premiumUntil, which stays, and a cancelled Razorpay plan cannot
     * be resumed either way.
     */
    void cancelForBannedUser(@Observes UserBanned banned) {
        stopCharging(banned.userId(), AccountClosure.BANNED);
    }

    /**
     * Runs inside the deleting or banning transaction, so that the closure and the cancellations it owes commit with
     * it. Razorpay is asked after the commit, so that its outage never undoes a deletion or a ban; until it answers,
     * the lease brings each one back to {@link SubscriptionCancellations}.
     */
    private void stopCharging(UUID userId, AccountClosure closure) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> toCancel = new ArrayList<>();
        for (PremiumSubscription subscription : subscriptions.lockChargeableOf(userId)) {
            subscription.accountClosedAt = now;
            subscription.accountClosure = closure;
            subscription.cancelDueAt = now.plus(config.reconciler().retryEvery());
            subscription.updatedAt = now;
            toCancel.add(subscription.id);
        }
        if (!toCancel.isEmpty()) {
            afterCommit.run(() -> toCancel.forEach(cancellations::cancelQuietly));
        }
    }

    /** subscription.activated: the first paid period. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void activate(Subscription event, Instant occurredAt) {
        extend(event, occurredAt);
    }

    /**
     * subscription.charged: another paid period. Made after the account was deleted or banned, it gives no premium;
     * the charge is recorded for a person to refund ({@code payment}, the payment Razorpay sends beside the
     * subscription, may be missing).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void charge(Subscription event, Payment payment, Instant occurredAt) {
        PremiumSubscription subscription = extend(event, occurredAt);
        if (isAfterClosure(subscription, occurredAt)) {
            String charged = payment == null ? "" : " " + payment.amount() + " paise " + payment.currency();
            anomalies.record(null, payment == null ? null : payment.id(),
                    PaymentAnomalies.Kind.CHARGE_AFTER_ACCOUNT_CLOSED,
                    "Subscription " + subscription.razorpaySubscriptionId + " charged" + charged + " (period end "
                            + (event.currentEnd() == null ? "unknown" : Instant.ofEpochSecond(event.currentEnd()))
                            + ") after the account was " + subscription.accountClosure.name().toLowerCase() + " at "
                            + subscription.accountClosedAt + "; no premium given: refund it");
        }
    }

    /**
     * A paid period, so premium lasts to its end. Applied whatever the order of arrival, even after the cancellation:
     * the charge was made, and the period is the user's; but not for a charge made after the account closed.
     */
    private PremiumSubscription extend(Subscription event, Instant occurredAt) {
        PremiumSubscription subscription = lock(event.id());
        moveStatus(subscription, event.status(), occurredAt);
        if (event.currentEnd() != null && !isAfterClosure(subscription, occurredAt)) {
            Instant end = Instant.ofEpochSecond(event.currentEnd());
            if (subscription.currentEnd == null || end.isAfter(subscription.currentEnd)) {
                subscription.currentEnd = end;
            }
            subscriptions.extendPremium(subscription.userId, end);
        }
        return subscription;
    }

    /**
     * Whether the event happened once the account was deleted or banned. Razorpay's times are whole seconds, so an
     * event in the second of the closure counts as after it.
     */
    private static boolean isAfterClosure(PremiumSubscription subscription, Instant occurredAt) {
        return subscription.accountClosedAt != null
                && !occurredAt.isBefore(subscription.accountClosedAt.truncatedTo(ChronoUnit.SECONDS));
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
        if (isFinal(subscription.status)
                || (subscription.statusAt != null && occurredAt.isBefore(subscription.statusAt))) {
            return;
        }
        subscription.status = status;
        subscription.statusAt = occurredAt;
        subscription.updatedAt = Instant.now();
        if (isFinal(status)) {
            // Razorpay ended it: nothing is left to cancel for a closed account.
            subscription.cancelDueAt = null;
        }
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
