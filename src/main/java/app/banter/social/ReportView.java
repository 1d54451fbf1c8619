package app.banter.social;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ReportView(UUID id, UUID reporterId, Report.TargetType targetType, UUID targetId,
        @Schema(nullable = true) UUID reportedUserId, Report.Reason reason,
        @Schema(nullable = true) String description, Report.Status status,
        @Schema(nullable = true) Report.Resolution resolution, @Schema(nullable = true) String resolutionNote,
        Instant createdAt, @Schema(nullable = true) Instant resolvedAt) {

    static ReportView of(Report r) {
        return new ReportView(r.id, r.reporterId, r.targetType, r.targetId, r.reportedUserId, r.reason, r.description,
                r.status, r.resolution, r.resolutionNote, r.createdAt, r.resolvedAt);
    }
}
