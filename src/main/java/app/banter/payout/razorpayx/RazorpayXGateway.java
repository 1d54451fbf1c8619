package app.banter.payout.razorpayx;

import java.util.List;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;

import app.banter.payout.razorpayx.RazorpayXModel.CreateContact;
import app.banter.payout.razorpayx.RazorpayXModel.CreateFundAccount;
import app.banter.payout.razorpayx.RazorpayXModel.CreatePayout;
import app.banter.payout.razorpayx.RazorpayXModel.Payout;
import app.banter.platform.web.ProviderApis;

/**
 * RazorpayX calls with our credentials. A 4xx answer is RazorpayX refusing the request itself (a destination its banks
 * do not know, a payload it will not take): {@link Refused}, which retrying cannot change. Anything else (5xx, 429,
 * timeouts, no connection) is {@link Unavailable}: the same call is made again later, and RazorpayX's idempotency
 * (same details, same X-Payout-Idempotency) makes the repeat harmless. Log lines name the call and the status only,
 * never a destination.
 */
@ApplicationScoped
public class RazorpayXGateway {

    private static final Logger LOG = Logger.getLogger(RazorpayXGateway.class);

    private final RazorpayXConfig config;
    private RazorpayXApi api;

    RazorpayXGateway(RazorpayXConfig config) {
        this.config = config;
    }

    /** RazorpayX refused the request (HTTP 4xx other than 429). */
    public static final class Refused extends RuntimeException {
        Refused(String what, int status) {
            super("RazorpayX refused to " + what + " (HTTP " + status + ")", null, false, false);
        }
    }

    /** RazorpayX could not be reached or failed; try again later. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String what, String why) {
            super("RazorpayX could not " + what + ": " + why, null, false, false);
        }
    }

    @PostConstruct
    void connect() {
        api = ProviderApis.client(RazorpayXApi.class, config.baseUrl(), config.timeout(), config.keyId(),
                config.keySecret());
    }

    /** Our RazorpayX business account, which payouts are paid from. */
    public String accountNumber() {
        return config.accountNumber();
    }

    public String createContact(CreateContact contact) {
        return call("create a contact", () -> api.createContact(contact).id());
    }

    public String createFundAccount(CreateFundAccount fundAccount) {
        return call("create a fund account", () -> api.createFundAccount(fundAccount).id());
    }

    /** {@code idempotencyKey}: the same key with the same body returns the payout made the first time. */
    public Payout createPayout(String idempotencyKey, CreatePayout payout) {
        return call("create a payout", () -> api.createPayout(idempotencyKey, payout));
    }

    public Payout payout(String payoutId) {
        return call("fetch a payout", () -> api.payout(payoutId));
    }

    /**
     * The payouts made from {@code accountNumber} with this reference_id (ours: one at most). Fetch All Payouts answers
     * its first page, 10 by default, which is more than one reference ever has.
     */
    public List<Payout> payoutsWithReference(String accountNumber, String referenceId) {
        return call("fetch payouts by reference", () -> api.payouts(accountNumber, referenceId).items()).stream()
                .filter(p -> referenceId.equals(p.referenceId())).toList();
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            LOG.warnf("RazorpayX: could not %s: HTTP %d", what, status);
            if (status >= 400 && status < 500 && status != 429) {
                throw new Refused(what, status);
            }
            throw new Unavailable(what, "HTTP " + status);
        } catch (ProcessingException e) {
            LOG.warnf("RazorpayX: could not %s: %s", what, ProviderApis.whyUnreachable(e));
            throw new Unavailable(what, ProviderApis.whyUnreachable(e));
        }
    }
}
