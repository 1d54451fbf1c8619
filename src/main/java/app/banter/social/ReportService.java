package app.banter.social;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import app.banter.platform.error.ApiException;
import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.user.Users;

@ApplicationScoped
public class ReportService {

    private final ReportRepository reports;
    private final Users users;
    private final Instance<ReportTargets> targets;
    private final Moderation moderation;
    private final RateLimiter rateLimiter;
    private final SocialConfig config;

    ReportService(ReportRepository reports, Users users, Instance<ReportTargets> targets, Moderation moderation,
            RateLimiter rateLimiter, SocialConfig config) {
        this.reports = reports;
        this.users = users;
        this.targets = targets;
        this.moderation = moderation;
        this.rateLimiter = rateLimiter;
        this.config = config;
    }

    /**
     * Files a report. A user or message the reporter cannot see is not found. Rooms are taken at their id until the
     * rooms feature can tell who they belong to.
     */
    @Transactional
    public ReportView file(UUID reporterId, ReportRequests.FileReport body) {
        rateLimiter.acquire("reports", reporterId.toString(),
                new RateLimiter.Limit(config.reports().perHour(), Duration.ofHours(1)));
        UUID reported = switch (body.targetType()) {
            case USER -> Optional.of(body.targetId()).filter(users::isActive)
                    .orElseThrow(() -> ApiException.notFound("User"));
            case MESSAGE -> authorOfMessageSeenBy(reporterId, body.targetId())
                    .orElseThrow(() -> ApiException.notFound("Message"));
            case ROOM -> null;
        };
        if (reporterId.equals(reported)) {
            throw ApiException.badRequest("SELF_REPORT", "You cannot report yourself");
        }
        if (reported != null) {
            // The account's row lock, which the automatic restriction takes, before the report's row holds the account
            // (its foreign key): the other way round, a deletion of the account at the same moment, which locks it
            // first and then waits for that hold to change the row, would deadlock with it.
            users.lock(reported);
        }
        Report report = new Report();
        report.id = UUID.randomUUID();
        report.reporterId = reporterId;
        report.targetType = body.targetType();
        report.targetId = body.targetId();
        report.reportedUserId = reported;
        report.reason = body.reason();
        report.description = body.description() == null || body.description().isBlank() ? null
                : body.description().strip();
        report.status = Report.Status.OPEN;
        report.createdAt = now();
        reports.persistAndFlush(report);
        if (reported != null) {
            moderation.restrictIfWidelyReported(reported);
        }
        return ReportView.of(report);
    }

    @Transactional
    public Page<ReportView> list(Report.Status status, String cursor, int limit) {
        return Page.of(reports.withStatus(status, TimeCursor.decode(cursor), limit + 1), limit, ReportView::of,
                r -> new TimeCursor(r.createdAt, r.id).encode());
    }

    @Transactional
    public ReportView resolve(UUID moderatorId, UUID reportId, ReportRequests.Resolve body) {
        // Locked: of two moderators resolving the report at once, the second waits and then finds it resolved, rather
        // than writing its resolution over the first's.
        Report report = reports.findByIdOptional(reportId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("Report"));
        if (report.status == Report.Status.RESOLVED) {
            throw ApiException.conflict("REPORT_RESOLVED", "This report was already resolved");
        }
        if (moderatorId.equals(report.reportedUserId)) {
            throw ApiException.badRequest("SELF_MODERATION", "A report about you is another moderator's to resolve");
        }
        report.status = Report.Status.RESOLVED;
        report.resolution = body.resolution();
        report.resolutionNote = body.note();
        report.resolvedBy = moderatorId;
        report.resolvedAt = now();
        return ReportView.of(report);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Messages live in more than one feature (direct messages, room chat): each answers for its own. */
    private Optional<UUID> authorOfMessageSeenBy(UUID reporterId, UUID messageId) {
        return targets.stream().map(owner -> owner.authorOfMessageSeenBy(reporterId, messageId))
                .flatMap(Optional::stream).findFirst();
    }
}
