package app.banter.payment.razorpay;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import app.banter.payment.razorpay.RazorpayModel.CancelSubscription;
import app.banter.payment.razorpay.RazorpayModel.CreateOrder;
import app.banter.payment.razorpay.RazorpayModel.CreateRefund;
import app.banter.payment.razorpay.RazorpayModel.CreateSubscription;
import app.banter.payment.razorpay.RazorpayModel.Order;
import app.banter.payment.razorpay.RazorpayModel.Payment;
import app.banter.payment.razorpay.RazorpayModel.PaymentCollection;
import app.banter.payment.razorpay.RazorpayModel.Refund;
import app.banter.payment.razorpay.RazorpayModel.Subscription;

/**
 * The part of the Razorpay REST API we call. razorpay-java hard-codes its host, so these calls go through a REST
 * client whose base URL is configuration (a WireMock stand-in in tests).
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface RazorpayApi {

    @POST
    @Path("/orders")
    Order createOrder(CreateOrder order);

    @GET
    @Path("/orders/{orderId}/payments")
    PaymentCollection paymentsOf(@PathParam("orderId") String orderId);

    @GET
    @Path("/payments/{paymentId}")
    Payment payment(@PathParam("paymentId") String paymentId);

    @POST
    @Path("/subscriptions")
    Subscription createSubscription(CreateSubscription subscription);

    @POST
    @Path("/subscriptions/{subscriptionId}/cancel")
    Subscription cancelSubscription(@PathParam("subscriptionId") String subscriptionId, CancelSubscription cancel);
    // Refunds an operator starts (issue 16)

    /** X-Refund-Idempotency: a retry with the same key never refunds twice (Razorpay's idempotent refund request). */
    @POST
    @Path("/payments/{paymentId}/refund")
    Refund refund(@PathParam("paymentId") String paymentId, @HeaderParam("X-Refund-Idempotency") String idempotencyKey,
            CreateRefund refund);
}
