package app.banter.auth;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import app.banter.referral.RegistrationReferral;
import app.banter.user.ProfileView;

/**
 * The outcome of a sign-in: either our tokens (AUTHENTICATED) or, for a verified phone without an account, a
 * registration ticket (REGISTRATION_REQUIRED). The fields of the other outcome are left out, so only status is
 * always there. {@code referral}: only after a registration that entered a referral code, whether it was applied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(requiredProperties = "status")
public record SignInResponse(Status status, String tokenType, String accessToken, Instant accessTokenExpiresAt,
        String refreshToken, Instant refreshTokenExpiresAt, ProfileView user, String registrationTicket,
        Instant registrationTicketExpiresAt, RegistrationReferral referral) {

    public enum Status {
        AUTHENTICATED,
        REGISTRATION_REQUIRED
    }

    static SignInResponse authenticated(Sessions.SessionTokens tokens) {
        return new SignInResponse(Status.AUTHENTICATED, "Bearer", tokens.accessToken(), tokens.accessTokenExpiresAt(),
                tokens.refreshToken(), tokens.refreshTokenExpiresAt(), tokens.user(), null, null, null);
    }

    static SignInResponse registered(Sessions.SessionTokens tokens, RegistrationReferral referral) {
        return new SignInResponse(Status.AUTHENTICATED, "Bearer", tokens.accessToken(), tokens.accessTokenExpiresAt(),
                tokens.refreshToken(), tokens.refreshTokenExpiresAt(), tokens.user(), null, null, referral);
    }

    static SignInResponse registrationRequired(RegistrationTickets.Ticket ticket) {
        return new SignInResponse(Status.REGISTRATION_REQUIRED, null, null, null, null, null, null, ticket.ticket(),
                ticket.expiresAt(), null);
    }
}
