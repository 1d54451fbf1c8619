package app.banter.kyc.provider;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
 * Karza (Perfios) verification: PAN through POST /v2/pan and driving licence through POST /v3/dl, each with
 * {@code consent: "Y"} and our submission id as {@code clientData.caseId}, key in x-karza-key. Karza answers at once
 * with a status code: 101 found, with the name on record in {@code result.name} (the submission compares it with the
 * profile's; a 101 without it verifies nothing), 102 invalid number or details, 103 no record; any other code (104
 * retries exhausted, 105 consent, 106 multiple records, 107 not supported, 108 source unavailable, ...) is no decision
 * and nothing is submitted. Aadhaar lookups at Karza need the holder's OTP, which this flow has not: Aadhaar is not
 * offered through Karza.
 * <p>
 * Sources for the shapes (request fields, header, status codes, response fields): public integrations of Karza's
 * test API (testapi.karza.in) found through the code index: a React client calling /v2/pan with {consent, pan} and
 * reading result.name; a Sequelize seed listing Karza's endpoints (/v2/pan, /v2/pan-authentication, /v3/dl); a Java
 * service calling /v3/dl with {dlNo, dob, additionalDetails, consent} and reading the integer statusCode 101 and
 * result; sample PAN output {request_id, result: {name}, "status-code": "101"}.
 */
@ApplicationScoped
public class KarzaKycProvider implements KycProvider {

    public static final String NAME = "karza";
    private static final DateTimeFormatter KARZA_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    private final KycConfig.Karza config;
    private KarzaApi api;

    KarzaKycProvider(KycConfig config) {
        this.config = config.karza();
    }

    @PostConstruct
    void connect() {
        api = ProviderApis.client(KarzaApi.class, config.baseUrl(), config.timeout());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(DocumentType type) {
        return type != DocumentType.AADHAAR;
    }

    @Override
    public ProviderDecision verify(DocumentCheck check) {
        String key = config.apiKey().orElseThrow(() -> new ProviderUnavailable("banter.kyc.karza.api-key is not set"));
        Map<String, Object> clientData = Map.of("caseId", check.submissionId().toString());
        JsonNode answer;
        try {
            answer = switch (check.type()) {
                case PAN -> api.pan(key, Map.of("consent", "Y", "pan", check.number(), "clientData", clientData));
                case DRIVING_LICENCE -> api.drivingLicence(key, Map.of("consent", "Y", "dlNo", check.number(),
                        "dob", KARZA_DATE.format(check.dateOfBirth()), "additionalDetails", false,
                        "clientData", clientData));
                case AADHAAR -> throw new ProviderUnavailable("Karza is not used for Aadhaar");
            };
        } catch (WebApplicationException e) {
            throw new ProviderUnavailable("Karza answered HTTP " + e.getResponse().getStatus());
        } catch (ProcessingException e) {
            throw new ProviderUnavailable("Karza could not be reached: " + ProviderApis.whyUnreachable(e));
        }
        return decide(answer);
    }

    /** A decision from Karza's answer, carrying the name Karza has on record when it found the document. */
    static ProviderDecision decide(JsonNode answer) {
        String reference = requestId(answer);
        int code = statusCode(answer);
        Instant now = Instant.now();
        return switch (code) {
            case 101 -> ProviderDecision.verified(reference,
                    KycCallbacks.holderName(answer.path("result").path("name")), now);
            case 102 -> ProviderDecision.rejected("The document number or details are invalid", reference, now);
            case 103 -> ProviderDecision.rejected("No record of this document was found", reference, now);
            default -> throw new ProviderUnavailable("Karza gave no decision (status code " + code + ")");
        };
    }

    /** v2 APIs say request_id, v3 ones requestId. */
    static String requestId(JsonNode answer) {
        String id = answer.path("request_id").asText(answer.path("requestId").asText(""));
        if (id.isEmpty() || id.length() > 100) {
            throw new ProviderUnavailable("Karza's answer has no request id");
        }
        return id;
    }

    /** v2 APIs send "status-code" as a string, v3 ones statusCode as a number. */
    static int statusCode(JsonNode answer) {
        JsonNode code = answer.has("status-code") ? answer.get("status-code") : answer.path("statusCode");
        return code.isNumber() ? code.asInt() : Integer.parseInt(code.asText("0").isBlank() ? "0" : code.asText("0").trim());
    }

    @Override
    public ProviderDecision status(String reference) {
        throw new ProviderUnavailable("Karza decides at once; it has no request status to ask about");
    }
}
