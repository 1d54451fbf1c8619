package app.banter.auth;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import app.banter.user.Gender;
import app.banter.user.ProfileRules;

/** Request bodies of the auth endpoints. */
public final class AuthRequests {

    private AuthRequests() {
    }

    public record FirebaseSignIn(@NotBlank @Size(max = 8192) String idToken) {
    }

    public record Register(
            @NotBlank @Size(max = 100) String registrationTicket,
            @NotBlank @Pattern(regexp = ProfileRules.FULL_NAME, message = ProfileRules.FULL_NAME_MESSAGE) String fullName,
            @NotNull @Pattern(regexp = ProfileRules.USERNAME, message = ProfileRules.USERNAME_MESSAGE) String username,
            @NotNull @Past LocalDate dateOfBirth,
            @NotNull Gender gender,
            @NotNull @Pattern(regexp = ProfileRules.LANGUAGE, message = ProfileRules.LANGUAGE_MESSAGE) String language,
            @Size(max = ProfileRules.MAX_INTERESTS) List<@Pattern(regexp = ProfileRules.INTEREST) String> interests,
            @Pattern(regexp = "^[A-Za-z0-9]{4,16}$", message = "must be 4 to 16 letters or digits") String referralCode) {
    }

    public record Refresh(@NotBlank @Size(max = 100) String refreshToken) {
    }

    /** Dev mode only: a phone number taken as verified. */
    public record DevSignIn(
            @NotNull @Pattern(regexp = "^\\+[1-9][0-9]{7,14}$", message = "must be an E.164 phone number") String phoneNumber) {
    }
}
