package app.banter.payout.razorpayx;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import app.banter.payout.razorpayx.RazorpayXModel.Contact;
import app.banter.payout.razorpayx.RazorpayXModel.CreateContact;
import app.banter.payout.razorpayx.RazorpayXModel.CreateFundAccount;
import app.banter.payout.razorpayx.RazorpayXModel.CreatePayout;
import app.banter.payout.razorpayx.RazorpayXModel.FundAccount;
import app.banter.payout.razorpayx.RazorpayXModel.Payout;
import app.banter.payout.razorpayx.RazorpayXModel.Payouts;

/**
 * The part of the RazorpayX API we call. razorpay-java 1.4.10 has no contact or payout client (its FundAccountClient is for payment customers) and hard-codes its host, so this
 * is a REST client whose base URL is configuration (a WireMock stand-in in tests).
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface RazorpayXApi {

    @POST
    @Path("/contacts")
    Contact createContact(CreateContact contact);

    @POST
    @Path("/fund_accounts")
    FundAccount createFundAccount(CreateFundAccount fundAccount);

    @POST
    @Path("/payouts")
    Payout createPayout(@HeaderParam("X-Payout-Idempotency") String idempotencyKey, CreatePayout payout);

    @GET
    @Path("/payouts")
    Payouts payouts(@QueryParam("account_number") String accountNumber, @QueryParam("reference_id") String referenceId);

    @GET
    @Path("/payouts/{payoutId}")
    Payout payout(@PathParam("payoutId") String payoutId);
}
