package app.banter.kyc.provider;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;

import app.banter.kyc.KycConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Signzy verification through its Identity API (v2). Two calls: POST /api/v2/patrons/{patronId}/identities with
 * {@code Authorization: <login token>} and {type: individualPan | aadhaar | drivingLicence, email, callbackUrl,
 * images: []} answers the identity object {id, accessToken, patronId, verification: [], ...}; then POST
 * /api/v2/snoops {service: "Identity", itemId, accessToken, task: "verification", essentials} answers the snoop with
 * {@code response.result.verified} true or false (and a message). A snoop answered without a result is left PENDING:
 * Signzy then posts the finished snoop to the callback URL, or the poller reads the identity object's verification
 * list (GET of the same identity path).
 * <p>
 * Sources: Signzy's API documentation in the repository vaishalisignzy/alldocs
 * (indian-ovd-classification/identity-creation.md: identity object request and response, the supported types, the
 * autoRecognition/verification/fetch tasks; combined-classification.md: the snoop request and response envelope),
 * and public integrations calling preproduction.signzy.tech /api/v2/snoops with task "verification" and essentials
 * {number, name, fuzzy} (PAN) or {fileNumber, dob, name} (passport). The essentials for Aadhaar ({uid}) and driving
 * licence ({number, dob}) and the GET of an identity object follow the same scheme but were not found documented.
 */
@ApplicationScoped
public class SignzyKycProvider implements KycProvider {

    public static final String NAME = "signzy";
    private static final DateTimeFormatter SIGNZY_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final KycConfig.Signzy config;
    private SignzyApi api;

    SignzyKycProvider(KycConfig config) {
        this.config = config.signzy();
    }

    @PostConstruct
    void connect() {
        api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.baseUrl()))
                .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(SignzyApi.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderDecision verify(DocumentCheck check) {
        String token = config.accessToken()
                .orElseThrow(() -> new ProviderUnavailable("banter.kyc.signzy.access-token is not set"));
        String patronId = config.patronId()
                .orElseThrow(() -> new ProviderUnavailable("banter.kyc.signzy.patron-id is not set"));
        Map<String, Object> identity = new HashMap<>();
        identity.put("type", switch (check.type()) {
            case PAN -> "individualPan";
            case AADHAAR -> "aadhaar";
            case DRIVING_LICENCE -> "drivingLicence";
        });
        identity.put("email", config.email());
        identity.put("callbackUrl", config.callbackUrl().orElse(""));
        identity.put("images", List.of());
        Map<String, Object> essentials = switch (check.type()) {
            case PAN -> Map.of("number", check.number(), "name", check.name(), "fuzzy", "true");
            case AADHAAR -> Map.of("uid", check.number());
            case DRIVING_LICENCE -> Map.of("number", check.number(), "dob", SIGNZY_DATE.format(check.dateOfBirth()));
        };
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
            throw new ProviderUnavailable("Signzy could not be reached: " + e.getClass().getSimpleName());
        }
    }

    /** A verification result ({@code verified}, {@code message}) of the identity object {@code itemId}. */
    static ProviderDecision decide(String itemId, JsonNode result) {
        JsonNode verified = result.path("verified");
        Instant now = Instant.now();
        if (verified.isBoolean() || verified.isTextual()) {
            if (verified.asBoolean(false) || "true".equalsIgnoreCase(verified.asText())) {
                return ProviderDecision.verified(itemId, now);
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
            throw new ProviderUnavailable("Signzy could not be reached: " + e.getClass().getSimpleName());
        }
    }
}
