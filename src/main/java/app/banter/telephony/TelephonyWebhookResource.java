package app.banter.telephony;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.platform.ratelimit.ClientAddress;
import app.banter.platform.webhook.WebhookInbox;
import app.banter.platform.webhook.WebhookReceipt;
import app.banter.telephony.exotel.ExotelWebhookVerifier;
import app.banter.telephony.twilio.TwilioWebhookVerifier;
import app.banter.platform.web.ProblemCodes;

/**
 * Status callbacks of phone-network calls: authenticated as each provider allows, deduplicated by the inbox by
 * (provider, call sid and status), then applied by the call feature, which judges each by the time it happened.
 */
@Path("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Calls from providers, authenticated by their signatures")
public class TelephonyWebhookResource {

    private final ExotelWebhookVerifier exotel;
    private final TwilioWebhookVerifier twilio;
    private final WebhookInbox inbox;
    private final PhoneCallHandler calls;
    private final ClientAddress client;

    TelephonyWebhookResource(ExotelWebhookVerifier exotel, TwilioWebhookVerifier twilio, WebhookInbox inbox,
            PhoneCallHandler calls, ClientAddress client) {
        this.exotel = exotel;
        this.twilio = twilio;
        this.inbox = inbox;
        this.calls = calls;
        this.client = client;
    }

    @POST
    @Path("/exotel/{token}")
    @PermitAll
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exotel StatusCallback of a phone call (answered, terminal). Exotel signs no callback: the URL "
            + "we give Exotel carries our secret callback token, and only Exotel's networks may post to it")
    @Parameter(name = "token", in = ParameterIn.PATH, required = true,
            description = "banter.telephony.exotel.callback-token")
    @APIResponse(responseCode = "200", description = "Received: PROCESSED, DUPLICATE or IGNORED")
    @APIResponse(responseCode = "400", description = "INVALID_EVENT")
    @APIResponse(responseCode = "401", description = "INVALID_WEBHOOK_SIGNATURE: wrong token or not from Exotel")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: callId names no phone call of ours")
    @ProblemCodes({"400 INVALID_EVENT", "401 INVALID_WEBHOOK_SIGNATURE"})
    public WebhookReceipt exotel(@RestPath String token, @RestQuery String callId, byte[] body,
            @Context HttpHeaders headers) {
        boolean json = headers.getMediaType() != null
                && headers.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE);
        return inbox.receive(exotel.verify(token, client.ip(), body, json, uuid(callId)), calls::apply);
    }

    @POST
    @Path("/twilio")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Twilio status callback of a phone call (either leg), signed in X-Twilio-Signature over our "
            + "public URL and the POST parameters")
    @Parameter(name = "X-Twilio-Signature", in = ParameterIn.HEADER, required = true)
    @APIResponse(responseCode = "200", description = "Received: PROCESSED, DUPLICATE or IGNORED")
    @APIResponse(responseCode = "400", description = "INVALID_EVENT")
    @APIResponse(responseCode = "401", description = "INVALID_WEBHOOK_SIGNATURE")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: callId names no phone call of ours")
    @ProblemCodes({"400 INVALID_EVENT", "401 INVALID_WEBHOOK_SIGNATURE", "404 NOT_FOUND"})
    public WebhookReceipt twilio(@RestQuery String callId, byte[] body, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return inbox.receive(twilio.verify(body, headers.getHeaderString("X-Twilio-Signature"),
                uri.getRequestUri().getRawQuery(), uuid(callId)), calls::apply);
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
