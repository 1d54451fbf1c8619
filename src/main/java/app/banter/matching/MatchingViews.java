package app.banter.matching;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.call.Call;
import app.banter.call.CallViews.CallView;
import app.banter.social.Report;
import app.banter.user.Gender;

/** Request and response bodies of the matching endpoints. */
public final class MatchingViews {

    /** An ISO 639 language code, optionally with a region ("hi", "en-IN"); matched on the language alone. */
    static final String LANGUAGE = "^[a-zA-Z]{2,3}(-[a-zA-Z]{2})?$";

    private MatchingViews() {
    }

    public record JoinQueueRequest(
            @Schema(description = "Languages you can talk in; a match shares at least one")
            @NotEmpty @Size(max = 5) List<@NotNull @Pattern(regexp = LANGUAGE) String> languages,
            @Schema(nullable = true, description = "More shared interests rank a partner higher")
            @Size(max = 20) List<@NotBlank @Size(max = 40) String> interests,
            @NotNull Call.Type mode,
            @Schema(nullable = true, description = "Honoured for banter.matching.preference-wait, then relaxed")
            Gender preferredGender) {
    }

    /** Whether you are waiting, since when, and with what request. */
    public record QueueView(boolean waiting, @Schema(nullable = true) Instant since, long waitedSeconds,
            List<String> languages, List<String> interests, @Schema(nullable = true) Call.Type mode,
            @Schema(nullable = true) Gender preferredGender) {

        static QueueView notWaiting() {
            return new QueueView(false, null, 0, List.of(), List.of(), null, null);
        }

        static QueueView of(Waiting waiting, long now) {
            MatchTicket ticket = waiting.ticket();
            return new QueueView(true, Instant.ofEpochMilli(waiting.enqueuedAt()), waiting.waitedMillis(now) / 1000,
                    ticket.languages(), ticket.interests(), ticket.mode(), ticket.preferredGender());
        }
    }

    /** A rating of a matched call that is over, with an optional report of the other person. */
    public record RateMatchRequest(@NotNull @Min(1) @Max(5) Integer stars,
            @Schema(nullable = true, description = "Files a report of the other person, as POST /reports would")
            @Valid MatchReport report) {
    }

    public record MatchReport(@NotNull Report.Reason reason, @Size(max = 1000) String description) {
    }

    public record RatingView(UUID matchId, int stars, @Schema(nullable = true) UUID reportId) {
    }

    /** A skipped call, ended without charge, and the queue as it is after the skip. */
    public record SkipView(CallView call, QueueView queue) {
    }
}
