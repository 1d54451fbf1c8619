package app.banter.kyc.provider;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.kyc.DocumentType;
import app.banter.kyc.KycConfig;
import app.banter.platform.web.ProviderApis;

/**
 * Signzy verification of PANs through its Identity API (v2). Two calls: POST /api/v2/patrons/{patronId}/identities
 * with {@code Authorization: <login token>} and {type: individualPan, email, callbackUrl, images: []} answers the
 * identity object {id, accessToken, patronId, verification: [], ...}; then POST /api/v2/snoops {service: "Identity",
 * itemId, accessToken, task: "verification", essentials: {number, name, fuzzy}} answers the snoop with
 * {@code response.result} {verified, message, upstreamName}, upstreamName being the name the PAN is registered to. A
 * snoop answered without a result is left PENDING: Signzy then posts the finished snoop to the callback URL, or the
 * poller reads the identity object's verification list (GET of the same identity path).
 * <p>
 * Only PANs: Signzy's verification of an Aadhaar number ({uid}) or a driving licence ({number, dob, issueDate})
 * answers verified and a message but no name, so it shows that the document exists, not that it is the user's. Those
 * are refused before anything is sent (Signzy's "fetch" task does return a licence holder's name, should licences be
 * wanted here again).
 * <p>
 * Sources: Signzy's API documentation in the repositories vaishalisignzy/alldocs
 * (indian-ovd-classification/identity-creation.md: identity object request and response, the supported types, the
 * autoRecognition/verification/fetch tasks; combined-classification.md: the snoop request and response envelope) and
 * vaishalisignzy/apidocs (pan-verification-with-number-and-name.md: essentials {number, name, fuzzy} and the result
 * with upstreamName; driving-license-verification.md: a result without a name), and public integrations calling
 * preproduction.signzy.tech /api/v2/snoops with task "verification". The GET of an identity object follows the same
 * scheme but was not found documented.
 */
@ApplicationScoped
public class SignzyKycProvider implements KycProvider {

    public static final String NAME = "signzy";

    private final KycConfig.Signzy config;
    private SignzyApi api;

    SignzyKycProvider(KycConfig config) {
        this.config = config.signzy();
    }

    @PostConstruct
    void connect() {
        api = ProviderApis.client(SignzyApi.class, config.baseUrl(), config.timeout());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(DocumentType type) {
        return type == DocumentType.PAN;
    }

    @Override
    public ProviderDecision verify(DocumentCheck check) {
        if (!supports(check.type())) {
            throw new ProviderUnavailable("Signzy is not used for " + check.type());
        }
        String token = config.accessToken()
                .orElseThrow(() -> new ProviderUnavailable("banter.kyc.signzy.access-token is not set"));
        String patronId = config.patronId()
                .orElseThrow(() -> new ProviderUnavailable("banter.kyc.signzy.patron-id is not set"));
        Map<String, Object> identity = new HashMap<>();
        identity.put("type", "individualPan");
        identity.put("email", config.email());
        identity.put("callbackUrl", config.callbackUrl().orElse(""));
        identity.put("images", List.of());
        Map<String, Object> essentials = Map.of("number", check.number(), "name", check.name(), "fuzzy", "true");
        try {
            JsonNode created = api.createIdentity(token, patronId, identity);
            String itemId = created.path("id").asText("");
            String accessToken = created.path("accessToken").asText("");
            if (itemId.isEmpty() || itemId.length() > 100 || accessToken.isEmpty()) {
                throw new ProviderUnavailable("Signzy's identity object has no id or access token");
            }
            JsonNode snoop = api.snoop(Map.of("service", "Identity", "itemId", itemId, "accessToken", accessToken,
                    "task", "verification", "essentials", essentials));
            return decide(itemId, snoop.path("response").path("result"));
        } catch (WebApplicationException e) {
            throw new ProviderUnavailable("Signzy answered HTTP " + e.getResponse().getStatus());
        } catch (ProcessingException e) {
            throw new ProviderUnavailable("Signzy could not be reached: " + ProviderApis.whyUnreachable(e));
        }
    }

    /**
     * A verification result ({@code verified}, {@code message}, {@code upstreamName}) of the identity object
     * {@code itemId}.
     */
    static ProviderDecision decide(String itemId, JsonNode result) {
        JsonNode verified = result.path("verified");
        Instant now = Instant.now();
        if (verified.isBoolean() || verified.isTextual()) {
            if (verified.asBoolean(false) || "true".equalsIgnoreCase(verified.asText())) {
                return ProviderDecision.verified(itemId, KycCallbacks.holderName(result.path("upstreamName")), now);
            }
            String message = result.path("message").asText("");
            return ProviderDecision.rejected(message.isBlank() ? "The document could not be verified"
                    : "The document could not be verified: " + message, itemId, now);
        }
        return ProviderDecision.pending(itemId, now);
    }

    @Override
    public ProviderDecision status(String reference) {
        String token = config.accessToken().orElseThrow(() -> new ProviderUnavailable("no Signzy access token"));
        String patronId = config.patronId().orElseThrow(() -> new ProviderUnavailable("no Signzy patron id"));
        try {
            JsonNode verifications = api.identity(token, patronId, reference).path("verification");
            if (!verifications.isArray() || verifications.isEmpty()) {
                return ProviderDecision.pending(reference, Instant.now());
            }
            JsonNode last = verifications.get(verifications.size() - 1);
            return decide(reference, last.has("result") ? last.path("result") : last.path("response").path("result"));
        } catch (WebApplicationException e) {
            throw new ProviderUnavailable("Signzy answered HTTP " + e.getResponse().getStatus());
        } catch (ProcessingException e) {
            throw new ProviderUnavailable("Signzy could not be reached: " + ProviderApis.whyUnreachable(e));
        }
    }
}
