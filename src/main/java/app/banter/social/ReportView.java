package app.banter.social;

import java.time.Instant;
import java.util.UUID;

public record ReportView(UUID id, UUID reporterId, Report.TargetType targetType, UUID targetId, UUID reportedUserId,
        Report.Reason reason, String description, Report.Status status, Report.Resolution resolution,
        String resolutionNote, Instant createdAt, Instant resolvedAt) {

    static ReportView of(Report r) {
        return new ReportView(r.id, r.reporterId, r.targetType, r.targetId, r.reportedUserId, r.reason, r.description,
                r.status, r.resolution, r.resolutionNote, r.createdAt, r.resolvedAt);
    }
}
