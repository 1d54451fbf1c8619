package app.banter.user;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonFormat;

import app.banter.media.OwnMediaUrl;

/**
 * A partial profile edit: absent fields stay as they are. Only these fields can be changed; a body naming any other
 * (phone, roles, coins, KYC status...) is refused as a whole.
 */
public record UpdateProfileRequest(
        @Pattern(regexp = ProfileRules.FULL_NAME, message = ProfileRules.FULL_NAME_MESSAGE) String fullName,
        @Pattern(regexp = ProfileRules.USERNAME, message = ProfileRules.USERNAME_MESSAGE) String username,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) Gender gender,
        @Pattern(regexp = ProfileRules.LANGUAGE, message = ProfileRules.LANGUAGE_MESSAGE) String language,
        @Size(max = ProfileRules.MAX_INTERESTS) List<@Pattern(regexp = ProfileRules.INTEREST) String> interests,
        @Size(max = ProfileRules.MAX_BIO) String bio,
        @Schema(description = "Only a URL of this service's media, such as the avatarUrl the profile shows; set a new "
                + "avatar with avatarMediaId") @Pattern(regexp = ProfileRules.AVATAR_URL, message = "must be a URL")
        @OwnMediaUrl String avatarUrl,
        @Schema(description = "A completed AVATAR upload (POST /api/v1/media/uploads); avatarUrl becomes its CDN URL")
        UUID avatarMediaId) {
}
