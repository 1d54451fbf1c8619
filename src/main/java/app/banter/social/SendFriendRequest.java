package app.banter.social;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record SendFriendRequest(
        @NotNull UUID recipientId,
        @Pattern(regexp = "^[^\\p{Cntrl}]{0,200}$", message = "must be at most 200 characters without control characters") String message) {
}
