package app.banter.payment.razorpay;


import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;

import app.banter.payment.razorpay.RazorpayModel.CancelSubscription;
import app.banter.payment.razorpay.RazorpayModel.CreateOrder;
import app.banter.payment.razorpay.RazorpayModel.CreateRefund;
import app.banter.payment.razorpay.RazorpayModel.CreateSubscription;
import app.banter.payment.razorpay.RazorpayModel.Order;
import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.payment.razorpay.RazorpayModel.PaymentCollection;
import app.banter.payment.razorpay.RazorpayModel.Refund;
import app.banter.payment.razorpay.RazorpayModel.Subscription;
import app.banter.platform.error.ApiException;
import app.banter.platform.web.ProviderApis;

/** Razorpay calls with our credentials; any failure of Razorpay becomes a 502 the client may retry. */
@ApplicationScoped
public class RazorpayGateway {

    private static final Logger LOG = Logger.getLogger(RazorpayGateway.class);

    private final RazorpayConfig config;
    private RazorpayApi api;

    RazorpayGateway(RazorpayConfig config) {
        this.config = config;
    }

    @PostConstruct
    void connect() {
        api = ProviderApis.client(RazorpayApi.class, config.baseUrl(), config.timeout(), config.keyId(),
                config.keySecret());
    }

    public String keyId() {
        return config.keyId();
    }

    public Order createOrder(CreateOrder order) {
        try {
            return api.createOrder(order);
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable("create order", e);
        }
    }

    public PaymentCollection paymentsOf(String orderId) {
        try {
            return api.paymentsOf(orderId);
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable("fetch payments", e);
        }
    }

    public Payment payment(String paymentId) {
        try {
            return api.payment(paymentId);
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable("fetch payment", e);
        }
    }

    public Subscription createSubscription(CreateSubscription subscription) {
        try {
            return api.createSubscription(subscription);
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable("create subscription", e);
        }
    }

    /**
     * Cancels at the end of the paid period. Razorpay refuses (4xx) a subscription it no longer considers cancellable
     * (it ended, or was cancelled, before its webhook reached us): that is a conflict, not an outage.
     */
    public Subscription cancelSubscriptionAtCycleEnd(String subscriptionId) {
        return cancelSubscription(subscriptionId, CancelSubscription.atCycleEnd());
    }

    /** Cancels at once: Razorpay charges nothing more. Refused, or unavailable, as a cancellation at the cycle end. */
    public Subscription cancelSubscriptionNow(String subscriptionId) {
        return cancelSubscription(subscriptionId, CancelSubscription.now());
    }

    private Subscription cancelSubscription(String subscriptionId, CancelSubscription cancel) {
        try {
            return api.cancelSubscription(subscriptionId, cancel);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 400 && status < 500 && status != 401 && status != 429) {
                LOG.warnf("Razorpay refused to cancel subscription %s: HTTP %d", subscriptionId, status);
                throw ApiException.conflict("SUBSCRIPTION_NOT_CANCELLABLE",
                        "The payment provider no longer lets this subscription be cancelled");
            }
            throw unavailable("cancel subscription", e);
        } catch (ProcessingException e) {
            throw unavailable("cancel subscription", e);
        }
    }

    // Refunds an operator starts (issue 16)

    public Refund refund(String paymentId, String idempotencyKey, CreateRefund refund) {
        try {
            return api.refund(paymentId, idempotencyKey, refund);
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable("refund", e);
        }
    }

    private static ApiException unavailable(String what, RuntimeException e) {
        String status = e instanceof WebApplicationException web ? "HTTP " + web.getResponse().getStatus()
                : ProviderApis.whyUnreachable(e);
        LOG.warnf("Razorpay %s failed: %s", what, status);
        return new ApiException(502, "PAYMENT_PROVIDER_UNAVAILABLE",
                "The payment provider could not be reached; retry with the same Idempotency-Key");
    }
}
