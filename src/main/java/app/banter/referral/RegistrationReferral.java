package app.banter.referral;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What became of the referral code entered at registration. A refused code never fails the registration: the
 * account is created without a referral and this says why ({@code code} UNKNOWN_REFERRAL_CODE or OWN_REFERRAL_CODE).
 */
@RegisterForReflection
public record RegistrationReferral(Status status, @Schema(nullable = true) String code,
        @Schema(nullable = true) String detail) {

    public enum Status {
        APPLIED,
        REFUSED
    }

    static RegistrationReferral applied() {
        return new RegistrationReferral(Status.APPLIED, null, null);
    }

    static RegistrationReferral unknownCode() {
        return new RegistrationReferral(Status.REFUSED, "UNKNOWN_REFERRAL_CODE",
                "No active user has this referral code; you were registered without a referral");
    }

    static RegistrationReferral ownCode() {
        return new RegistrationReferral(Status.REFUSED, "OWN_REFERRAL_CODE",
                "You cannot use your own referral code; you were registered without a referral");
    }
}
