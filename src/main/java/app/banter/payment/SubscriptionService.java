package app.banter.payment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
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
 * stop extending it, so premium lasts to the end of the period already paid.
 */
@ApplicationScoped
public class SubscriptionService {

    private final EntityManager em;
    private final RazorpayGateway razorpay;
    private final PaymentConfig config;

    SubscriptionService(EntityManager em, RazorpayGateway razorpay, PaymentConfig config) {
        this.em = em;
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
            em.persist(subscription);
            return SubscriptionView.of(subscription, created.shortUrl(), razorpay.keyId());
        });
    }

    @Transactional
    public List<SubscriptionView> subscriptionsOf(UUID userId) {
        return em.createQuery("from PremiumSubscription where userId = ?1 order by createdAt desc",
                PremiumSubscription.class).setParameter(1, userId).getResultList().stream()
                .map(s -> SubscriptionView.of(s, null, null)).toList();
    }

    /** subscription.activated / subscription.charged: premium until the end of the paid period. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void extend(Subscription event) {
        PremiumSubscription subscription = lock(event.id());
        subscription.status = event.status();
        subscription.updatedAt = Instant.now();
        if (event.currentEnd() != null) {
            subscription.currentEnd = Instant.ofEpochSecond(event.currentEnd());
            em.createNativeQuery("""
                    update users set premium_until = greatest(coalesce(premium_until, ?2), ?2) where id = ?1""")
                    .setParameter(1, subscription.userId)
                    .setParameter(2, subscription.currentEnd)
                    .executeUpdate();
        }
    }

    /** cancelled / halted / completed: nothing more is added; what was paid for is kept. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end(Subscription event) {
        PremiumSubscription subscription = lock(event.id());
        subscription.status = event.status();
        subscription.updatedAt = Instant.now();
    }

    private PremiumSubscription lock(String razorpaySubscriptionId) {
        return em.createQuery("from PremiumSubscription where razorpaySubscriptionId = ?1", PremiumSubscription.class)
                .setParameter(1, razorpaySubscriptionId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .orElseThrow(() -> ApiException.notFound("Subscription"));
    }

    public record SubscriptionView(UUID id, String plan, @Schema(nullable = true) String razorpaySubscriptionId,
            String status, @Schema(nullable = true) Instant currentEnd, @Schema(nullable = true) String shortUrl,
            @Schema(nullable = true) String keyId) {

        static SubscriptionView of(PremiumSubscription s, String shortUrl, String keyId) {
            return new SubscriptionView(s.id, s.plan, s.razorpaySubscriptionId, s.status, s.currentEnd, shortUrl,
                    keyId);
        }
    }
}
