package app.banter.payout;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.payout.razorpayx.RazorpayXGateway;
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
 * which is built from stored values only. The caller holds the payout's lease (reconcile_after), so one caller at a
 * time gets here for a payout.
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

    PayoutSubmission(PayoutRepository payouts, PayoutTransitions transitions, RazorpayXGateway razorpayx,
            Users users) {
        this.payouts = payouts;
        this.transitions = transitions;
        this.razorpayx = razorpayx;
        this.users = users;
    }

    /**
     * Goes as far as RazorpayX lets it; returns the payout as it is then. RazorpayX unreachable leaves it PENDING for
     * the reconciler; RazorpayX refusing it fails it and gives the coins back.
     */
    public Payout submit(UUID payoutId) {
        Payout payout = read(payoutId);
        if (payout.status != Payout.Status.PENDING) {
            return payout;
        }
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
            var made = razorpayx.createPayout(payout.id.toString(), new CreatePayout(razorpayx.accountNumber(),
                    fundAccountId, payout.amountPaise, payout.currency,
                    payout.method == Payout.Method.UPI ? "UPI" : "IMPS", "payout", true, payout.id.toString(),
                    NARRATION));
            Instant now = Instant.now();
            return QuarkusTransaction.requiringNew().call(() -> {
                Payout locked = payouts.lock(payoutId).orElseThrow();
                if (locked.razorpayPayoutId == null) {
                    locked.razorpayPayoutId = made.id();
                }
                transitions.apply(locked, made.status(), now, made.reason(), now);
                return locked;
            });
        } catch (RazorpayXGateway.Refused refused) {
            LOG.infof("Payout %s refused by RazorpayX: %s", payoutId, refused.getMessage());
            Instant now = Instant.now();
            return QuarkusTransaction.requiringNew().call(() -> {
                Payout locked = payouts.lock(payoutId).orElseThrow();
                transitions.refuse(locked, "Refused by the payout provider; check the account details", now);
                return locked;
            });
        } catch (RazorpayXGateway.Unavailable unavailable) {
            // The lease brings it back to the reconciler, which repeats the steps not yet recorded.
            return read(payoutId);
        }
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
