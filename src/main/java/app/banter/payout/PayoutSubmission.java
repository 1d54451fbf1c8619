package app.banter.payout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.payout.razorpayx.RazorpayXGateway;
import app.banter.payout.razorpayx.RazorpayXModel;
import app.banter.payout.razorpayx.RazorpayXModel.CreateContact;
import app.banter.payout.razorpayx.RazorpayXModel.CreateFundAccount;
import app.banter.payout.razorpayx.RazorpayXModel.CreatePayout;
import app.banter.user.UserSummary;
import app.banter.user.Users;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Takes a PENDING payout to RazorpayX: contact, fund account, payout, each call outside any transaction and each
 * answer recorded in a short transaction of its own, so that a crash between two steps leaves a payout the reconciler
 * finishes from the step it reached. Every step is safe to repeat: RazorpayX returns the existing contact or fund
 * account for the same details, and the same payout for the same X-Payout-Idempotency (our payout id) and body,
 * which is built from stored values only (our account number included, stored at the first ask). The caller holds
 * the payout's lease (reconcile_after), so one caller at a time gets here for a payout.
 */
@ApplicationScoped
public class PayoutSubmission {

    private static final Logger LOG = Logger.getLogger(PayoutSubmission.class);
    // RazorpayX's rule for a contact's name: 3-50 of these characters (Create a Contact, request parameters).
    private static final Pattern CONTACT_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 ’',\\-_/().]{1,48}[A-Za-z0-9.)]$");
    // RazorpayX: narration of up to 30 letters, digits and spaces, shown on the beneficiary's statement.
    private static final String NARRATION = "Banter earnings";

    private final PayoutRepository payouts;
    private final PayoutTransitions transitions;
    private final RazorpayXGateway razorpayx;
    private final Users users;
    private final PayoutConfig config;

    PayoutSubmission(PayoutRepository payouts, PayoutTransitions transitions, RazorpayXGateway razorpayx,
            Users users, PayoutConfig config) {
        this.payouts = payouts;
        this.transitions = transitions;
        this.razorpayx = razorpayx;
        this.users = users;
        this.config = config;
    }

    /** When the payout was first asked of RazorpayX, from which of our accounts, and whether this ask repeats it. */
    private record CreateAttempt(Instant firstAt, String accountNumber, boolean isRepeat) {
    }

    /**
     * Goes as far as RazorpayX lets it; returns the payout as it is then. RazorpayX unreachable leaves it PENDING for
     * the reconciler; RazorpayX refusing it fails it and gives the coins back, unless an earlier ask may have made it
     * ({@link #settleRefusedRepeat}).
     */
    public Payout submit(UUID payoutId) {
        Payout payout = read(payoutId);
        if (payout.status != Payout.Status.PENDING) {
            return payout;
        }
        CreateAttempt attempt = null;
        try {
            String contactId = payout.razorpayContactId;
            if (contactId == null) {
                String created = razorpayx.createContact(new CreateContact(contactName(payout), "vendor",
                        payout.userId.toString(), Map.of("banter_user_id", payout.userId.toString())));
                record(payoutId, p -> p.razorpayContactId = created);
                contactId = created;
            }
            String fundAccountId = payout.razorpayFundAccountId;
            if (fundAccountId == null) {
                CreateFundAccount fundAccount = payout.method == Payout.Method.UPI
                        ? CreateFundAccount.vpa(contactId, payout.vpa)
                        : CreateFundAccount.bankAccount(contactId, payout.holderName, payout.ifsc, payout.accountNumber);
                String created = razorpayx.createFundAccount(fundAccount);
                record(payoutId, p -> {
                    p.razorpayFundAccountId = created;
                    p.forgetDestination();
                });
                fundAccountId = created;
            }
            attempt = recordCreateAttempt(payoutId);
            var made = razorpayx.createPayout(payout.id.toString(), new CreatePayout(attempt.accountNumber(),
                    fundAccountId, payout.amountPaise, payout.currency,
                    payout.method == Payout.Method.UPI ? "UPI" : "IMPS", "payout", true, payout.id.toString(),
                    NARRATION));
            return recordMade(payoutId, made);
        } catch (RazorpayXGateway.Refused refused) {
            LOG.infof("Payout %s refused by RazorpayX: %s", payoutId, refused.getMessage());
            if (attempt != null && attempt.isRepeat()) {
                return settleRefusedRepeat(payoutId, attempt);
            }
            return refuse(payoutId, Instant.now());
        } catch (RazorpayXGateway.Unavailable unavailable) {
            // The lease brings it back to the reconciler, which repeats the steps not yet recorded.
            return read(payoutId);
        }
    }

    /**
     * RazorpayX refused a repeated ask whose earlier answer we never had. The earlier one may have made the payout and
     * the refusal be of the repeat alone (another body under the same X-Payout-Idempotency, credentials rotated in
     * between): giving the coins back then would pay them out twice. So RazorpayX is asked for the payout by its
     * reference_id (our id). Found, it is recorded as made. Not found, it failed, but only once the first ask is
     * certainly over, a request's lease (check-after) after it: RazorpayX may still be making it. Until then, and while
     * RazorpayX cannot tell, it stays PENDING with its coins held, and the reconciler asks again when the lease ends.
     */
    private Payout settleRefusedRepeat(UUID payoutId, CreateAttempt attempt) {
        List<RazorpayXModel.Payout> found;
        try {
            found = razorpayx.payoutsWithReference(attempt.accountNumber(), payoutId.toString());
        } catch (RazorpayXGateway.Refused | RazorpayXGateway.Unavailable e) {
            return read(payoutId);
        }
        Instant now = Instant.now();
        if (!found.isEmpty()) {
            return recordMade(payoutId, found.get(0));
        }
        if (now.isBefore(attempt.firstAt().plus(config.reconciler().checkAfter()))) {
            return read(payoutId);
        }
        return refuse(payoutId, now);
    }

    /**
     * Records that the payout is being asked of RazorpayX before the ask leaves, with the account it is asked from:
     * every repeat sends that same account, so that RazorpayX recognises the same body under the same key.
     */
    private CreateAttempt recordCreateAttempt(UUID payoutId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Payout locked = payouts.lock(payoutId).orElseThrow();
            boolean isRepeat = locked.createAttemptedAt != null;
            Instant now = Instant.now();
            if (!isRepeat) {
                locked.createAttemptedAt = now;
            }
            if (locked.sourceAccountNumber == null) {
                locked.sourceAccountNumber = razorpayx.accountNumber();
            }
            locked.updatedAt = now;
            return new CreateAttempt(locked.createAttemptedAt, locked.sourceAccountNumber, isRepeat);
        });
    }

    private Payout recordMade(UUID payoutId, RazorpayXModel.Payout made) {
        Instant now = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> {
            Payout locked = payouts.lock(payoutId).orElseThrow();
            if (locked.razorpayPayoutId == null) {
                locked.razorpayPayoutId = made.id();
            }
            transitions.apply(locked, made.status(), now, made.reason(), now);
            return locked;
        });
    }

    private Payout refuse(UUID payoutId, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Payout locked = payouts.lock(payoutId).orElseThrow();
            transitions.refuse(locked, "Refused by the payout provider; check the account details", now);
            return locked;
        });
    }

    /** The name RazorpayX files the contact under: the bank's holder name, else the profile's name if it fits. */
    private String contactName(Payout payout) {
        if (payout.holderName != null && CONTACT_NAME.matcher(payout.holderName).matches()) {
            return payout.holderName;
        }
        String fullName = users.summary(payout.userId).map(UserSummary::fullName).orElse("");
        return CONTACT_NAME.matcher(fullName).matches() ? fullName : "Banter user";
    }

    private Payout read(UUID payoutId) {
        return QuarkusTransaction.requiringNew().call(() -> payouts.findById(payoutId));
    }

    private void record(UUID payoutId, java.util.function.Consumer<Payout> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            Payout locked = payouts.lock(payoutId).orElseThrow();
            change.accept(locked);
            locked.updatedAt = Instant.now();
        });
    }
}
