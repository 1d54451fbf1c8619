package app.banter.auth;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonFormat;

import app.banter.platform.error.ApiException;
import app.banter.user.DevicePlatform;
import app.banter.user.Gender;
import app.banter.user.ProfileRules;
import app.banter.user.RegisterDeviceRequest;

/** Request bodies of the auth endpoints. */
public final class AuthRequests {

    private AuthRequests() {
    }

    /** fcmToken and platform (optional, together): the phone's push token, registered as a device on sign-in. */
    public record FirebaseSignIn(@NotBlank @Size(max = 8192) String idToken,
            @Pattern(regexp = RegisterDeviceRequest.FCM_TOKEN, message = RegisterDeviceRequest.FCM_TOKEN_MESSAGE) String fcmToken,
            DevicePlatform platform) implements PushTokenOnSignIn {
    }

    public record Register(
            @NotBlank @Size(max = 100) String registrationTicket,
            @NotBlank @Pattern(regexp = ProfileRules.FULL_NAME, message = ProfileRules.FULL_NAME_MESSAGE) String fullName,
            @NotNull @Pattern(regexp = ProfileRules.USERNAME, message = ProfileRules.USERNAME_MESSAGE) String username,
            @NotNull @Past LocalDate dateOfBirth,
            @NotNull @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) Gender gender,
            @Schema(description = "Defaults to en when absent")
            @Pattern(regexp = ProfileRules.LANGUAGE, message = ProfileRules.LANGUAGE_MESSAGE) String language,
            @Size(max = ProfileRules.MAX_INTERESTS) List<@Pattern(regexp = ProfileRules.INTEREST) String> interests,
            @Pattern(regexp = "^[A-Za-z0-9]{4,16}$", message = "must be 4 to 16 letters or digits") String referralCode,
            @Pattern(regexp = RegisterDeviceRequest.FCM_TOKEN, message = RegisterDeviceRequest.FCM_TOKEN_MESSAGE) String fcmToken,
            DevicePlatform platform) implements PushTokenOnSignIn {
    }

    /**
     * The optional push token the app may send with sign-in and registration instead of a separate device call. A
     * token needs its platform (the push is built differently for each), so one without the other is refused.
     */
    public interface PushTokenOnSignIn {

        String fcmToken();

        DevicePlatform platform();

        /** The device to register, if any; refuses a token without its platform, or a platform without a token. */
        default Optional<RegisterDeviceRequest> device() {
            if ((fcmToken() == null) != (platform() == null)) {
                throw ApiException.badRequest("VALIDATION_FAILED", (fcmToken() == null ? "fcmToken" : "platform")
                        + " must be given with " + (fcmToken() == null ? "platform" : "fcmToken"));
            }
            return fcmToken() == null ? Optional.empty()
                    : Optional.of(new RegisterDeviceRequest(fcmToken(), platform(), null));
        }
    }

    public record Refresh(@NotBlank @Size(max = 100) String refreshToken) {
    }

    /** Dev mode only: a phone number taken as verified. */
    public record DevSignIn(
            @NotNull @Pattern(regexp = "^\\+[1-9][0-9]{7,14}$", message = "must be an E.164 phone number") String phoneNumber) {
    }
}
