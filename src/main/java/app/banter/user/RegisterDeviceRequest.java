package app.banter.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** FCM registration tokens are opaque printable strings of a few hundred characters. */
public record RegisterDeviceRequest(
        @NotBlank @Pattern(regexp = "^[\\x21-\\x7E]{1,512}$", message = "must be an FCM registration token") String fcmToken,
        @NotNull Device.Platform platform) {
}
