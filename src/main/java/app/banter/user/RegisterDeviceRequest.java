package app.banter.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * FCM registration tokens are opaque printable strings of a few hundred characters. deviceId (optional) is a stable id
 * of the phone (Android ID, iOS identifierForVendor), which the referral rules count rewards by.
 */
public record RegisterDeviceRequest(
        @NotBlank @Pattern(regexp = RegisterDeviceRequest.FCM_TOKEN, message = RegisterDeviceRequest.FCM_TOKEN_MESSAGE) String fcmToken,
        @NotNull DevicePlatform platform,
        @Pattern(regexp = "^[A-Za-z0-9._:-]{8,128}$", message = "must be 8 to 128 letters, digits or . _ : -") String deviceId) {

    public static final String FCM_TOKEN = "^[\\x21-\\x7E]{1,512}$";
    public static final String FCM_TOKEN_MESSAGE = "must be an FCM registration token";
}
