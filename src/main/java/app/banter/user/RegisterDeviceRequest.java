package app.banter.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * FCM registration tokens are opaque printable strings of a few hundred characters. deviceId (optional) is a stable id
 * of the phone (Android ID, iOS identifierForVendor), which the referral rules count rewards by.
 */
public record RegisterDeviceRequest(
        @NotBlank @Pattern(regexp = "^[\\x21-\\x7E]{1,512}$", message = "must be an FCM registration token") String fcmToken,
        @NotNull Device.Platform platform,
        @Pattern(regexp = "^[A-Za-z0-9._:-]{8,128}$", message = "must be 8 to 128 letters, digits or . _ : -") String deviceId) {
}
