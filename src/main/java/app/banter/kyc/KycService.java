package app.banter.kyc;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import app.banter.kyc.KycViews.KycView;
import app.banter.kyc.KycViews.SubmitKycRequest;
import app.banter.kyc.provider.DocumentCheck;
import app.banter.kyc.provider.KycProvider;
import app.banter.kyc.provider.KycProviders;
import app.banter.kyc.provider.ProviderDecision;
import app.banter.kyc.provider.ProviderUnavailable;
import app.banter.platform.error.ApiException;
import app.banter.user.ProfileView;
import app.banter.user.Users;

/**
 * A KYC submission: format and profile checks, a PENDING row committed before the provider is called (so that no
 * transaction stays open during the call and a second submission of the same user waits for nothing), then the
 * provider's answer recorded.
 */
@ApplicationScoped
public class KycService {

    private static final Logger LOG = Logger.getLogger(KycService.class);

    private final KycSubmissions submissions;
    private final KycProviders providers;
    private final DocumentNumbers numbers;
    private final Users users;

    KycService(KycSubmissions submissions, KycProviders providers, DocumentNumbers numbers, Users users) {
        this.submissions = submissions;
        this.providers = providers;
        this.numbers = numbers;
        this.users = users;
    }

    public KycView submit(UUID userId, SubmitKycRequest request) {
        DocumentType type = request.documentType();
        String number = DocumentRules.normalize(request.number());
        DocumentRules.check(type, number);
        ProfileView profile = users.activeProfile(userId).orElseThrow(() -> ApiException.notFound("User"));
        if (!NameMatch.matches(request.nameOnDocument(), profile.fullName())) {
            throw new ApiException(422, "NAME_MISMATCH", "The name on the document must be your profile's full name: "
                    + "the same words in the same order, ignoring case, spaces and punctuation; a first or middle "
                    + "name may be an initial, the surname must be written out");
        }
        if (!request.dateOfBirth().equals(profile.dateOfBirth())) {
            throw new ApiException(422, "DATE_OF_BIRTH_MISMATCH",
                    "The date of birth on the document must be your profile's date of birth");
        }
        KycProvider provider = providers.current();
        if (!provider.supports(type)) {
            throw new ApiException(422, "DOCUMENT_TYPE_NOT_SUPPORTED",
                    "This document type cannot be verified at the moment; use another document");
        }
        UUID submissionId = submissions.open(userId, type, numbers.hmac(type, number), DocumentRules.lastFour(number),
                provider.name(), request.documentImageId());
        ProviderDecision decision;
        try {
            decision = provider.verify(new DocumentCheck(submissionId, type, number, request.nameOnDocument(),
                    request.dateOfBirth()));
        } catch (RuntimeException e) {
            // The provider has nothing of ours: the row goes, so the user may submit again at once.
            submissions.discard(submissionId);
            if (!(e instanceof ProviderUnavailable)) {
                throw e;
            }
            LOG.warnf("KYC provider %s failed on submission %s: %s", provider.name(), submissionId, e.getMessage());
            throw new ApiException(502, "KYC_PROVIDER_UNAVAILABLE",
                    "The verification provider could not be reached; nothing was submitted, try again");
        }
        submissions.recordAnswer(submissionId, decision);
        return view(userId);
    }

    public KycView view(UUID userId) {
        return submissions.current(userId).map(KycView::of).orElse(KycView.NONE);
    }
}
