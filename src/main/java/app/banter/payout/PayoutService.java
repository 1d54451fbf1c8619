package app.banter.payout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import app.banter.kyc.KycStatuses;
import app.banter.payout.PayoutViews.PayoutRequest;
import app.banter.payout.PayoutViews.PayoutView;
import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Withdrawing earnings. The request's transaction writes the payout and places the hold on the user's EARNINGS
 * account (only earnings are withdrawable: coins bought or granted sit in the COINS account, which no payout touches);
 * RazorpayX is called after that commits ({@link PayoutSubmission}). One Idempotency-Key makes one payout, however
 * many requests carry it and however they overlap.
 */
@ApplicationScoped
public class PayoutService {

    private final PayoutRepository payouts;
    private final PayoutSubmission submission;
    private final Ledger ledger;
    private final Accounts accounts;
    private final KycStatuses kyc;
    private final PayoutConfig config;

    PayoutService(PayoutRepository payouts, PayoutSubmission submission, Ledger ledger, Accounts accounts,
            KycStatuses kyc, PayoutConfig config) {
        this.payouts = payouts;
        this.submission = submission;
        this.ledger = ledger;
        this.accounts = accounts;
        this.kyc = kyc;
        this.config = config;
    }

    private record Requested(Payout payout, boolean isNew) {
    }

    public PayoutView request(UUID userId, String idempotencyKey, PayoutRequest request) {
        PayoutDestination destination = PayoutDestination.of(request.method());
        Requested requested = pending(userId, idempotencyKey, request.coins(), destination);
        Payout payout = requested.payout();
        if (payout.status != Payout.Status.PENDING) {
            return PayoutView.of(payout);
        }
        // The request that made the payout holds its lease; a retry takes over only once that lease ran out (the
        // first request died), and otherwise answers with the payout as it is.
        Instant now = Instant.now();
        boolean mine = requested.isNew() || QuarkusTransaction.requiringNew().call(() -> payouts.claimSubmission(
                payout.id, now, now.plus(config.reconciler().checkAfter())));
        return PayoutView.of(mine ? submission.submit(payout.id) : payout);
    }

    @Transactional
    public PayoutView payout(UUID userId, UUID payoutId) {
        return PayoutView.of(payouts.findOwned(userId, payoutId).orElseThrow(() -> ApiException.notFound("Payout")));
    }

    @Transactional
    public Page<PayoutView> payouts(UUID userId, String cursor, int limit) {
        TimeCursor position = TimeCursor.decode(cursor);
        List<Payout> rows = payouts.pageOf(userId, position == null ? null : position.at(),
                position == null ? null : position.id(), limit + 1);
        return Page.of(rows, limit, PayoutView::of, p -> new TimeCursor(p.createdAt, p.id).encode());
    }

    private Requested pending(UUID userId, String key, long coins, PayoutDestination destination) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> findOrCreate(userId, key, coins, destination));
        } catch (PersistenceException raced) {
            // The same key arrived twice at once and the other request inserted first: answer with its payout.
            return QuarkusTransaction.requiringNew().call(() -> findOrCreate(userId, key, coins, destination));
        }
    }

    private Requested findOrCreate(UUID userId, String key, long coins, PayoutDestination destination) {
        Payout existing = payouts.findByIdempotencyKey(userId, key).orElse(null);
        if (existing != null) {
            if (existing.coins != coins || !destination.isSameAs(existing)) {
                throw ApiException.conflict("IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used for a different withdrawal");
            }
            return new Requested(existing, false);
        }
        if (!kyc.isVerified(userId)) {
            throw ApiException.forbidden("KYC_REQUIRED",
                    "Withdrawals need a verified KYC: submit a document at POST /api/v1/kyc first");
        }
        long paise = config.paiseFor(coins);
        if (coins < config.minimumCoins() || paise < 100) {
            throw ApiException.badRequest("PAYOUT_BELOW_MINIMUM",
                    "A withdrawal is at least " + config.minimumCoins() + " coins");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Payout payout = new Payout();
        payout.id = UUID.randomUUID();
        payout.userId = userId;
        payout.idempotencyKey = key;
        payout.coins = coins;
        payout.amountPaise = paise;
        payout.currency = config.currency();
        payout.method = destination.method();
        payout.destinationMasked = destination.masked();
        payout.vpa = destination.vpa();
        payout.accountNumber = destination.accountNumber();
        payout.ifsc = destination.ifsc();
        payout.holderName = destination.holderName();
        payout.status = Payout.Status.PENDING;
        // This request's lease on calling RazorpayX; the reconciler takes over when it runs out.
        payout.reconcileAfter = now.plus(config.reconciler().checkAfter());
        payout.createdAt = now;
        payout.updatedAt = now;
        // The row first: a concurrent retry with the same key waits on its unique key and then finds it.
        payouts.persistAndFlush(payout);
        // Then the hold, which also locks the earnings account until commit, so the same user's withdrawals are
        // counted against the limits one after another. It has no expiry: RazorpayX may queue a payout for days, and
        // coins given back while the money is on its way could be spent and then not captured.
        payout.holdId = ledger.placeHoldWithoutExpiry("payout:" + payout.id + ":hold", accounts.earnings(userId),
                coins, "payout:" + payout.id).id();
        requireWithinLimits(userId, now);
        return new Requested(payout, true);
    }

    /** Limits count every payout not failed or reversed, this one included, by India's calendar (config zone). */
    private void requireWithinLimits(UUID userId, Instant now) {
        ZoneId zone = config.zone();
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (payouts.coinsWithdrawnSince(userId, today.atStartOfDay(zone).toInstant()) > config.dailyLimitCoins()) {
            throw ApiException.conflict("PAYOUT_DAILY_LIMIT_EXCEEDED",
                    "This would take today's withdrawals over " + config.dailyLimitCoins() + " coins");
        }
        if (payouts.coinsWithdrawnSince(userId, today.withDayOfMonth(1).atStartOfDay(zone).toInstant())
                > config.monthlyLimitCoins()) {
            throw ApiException.conflict("PAYOUT_MONTHLY_LIMIT_EXCEEDED",
                    "This would take this month's withdrawals over " + config.monthlyLimitCoins() + " coins");
        }
    }
}
