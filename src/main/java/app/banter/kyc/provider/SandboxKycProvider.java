package app.banter.kyc.provider;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import app.banter.kyc.DocumentRules;

/**
 * A provider for local runs and tests, deciding at once and deterministically: a number whose deciding digit (the
 * last digit; for a PAN the digit before the final letter) is even is verified, odd is rejected. A verified document
 * is registered to the name given, as a real provider's record would be. Refused in prod.
 */
@ApplicationScoped
public class SandboxKycProvider implements KycProvider {

    public static final String NAME = "sandbox";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderDecision verify(DocumentCheck check) {
        String reference = "sandbox_" + check.submissionId();
        if (DocumentRules.decidingDigit(check.type(), check.number()) % 2 == 0) {
            return ProviderDecision.verified(reference, check.name(), Instant.now());
        }
        return ProviderDecision.rejected("The document could not be verified (sandbox: odd number)", reference,
                Instant.now());
    }

    @Override
    public ProviderDecision status(String reference) {
        throw new ProviderUnavailable("the sandbox decides at once and keeps nothing to ask about");
    }
}
