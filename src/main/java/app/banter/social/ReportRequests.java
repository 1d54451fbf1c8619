package app.banter.social;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of reports and moderation. */
public final class ReportRequests {

    private ReportRequests() {
    }

    public record FileReport(@NotNull Report.TargetType targetType, @NotNull UUID targetId,
            @NotNull Report.Reason reason, @Size(max = 1000) String description) {
    }

    public record Resolve(@NotNull Report.Resolution resolution, @Size(max = 1000) String note) {
    }

    public record Decision(@NotBlank @Size(max = 1000) String reason) {
    }
}
