package app.banter.social;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import app.banter.platform.error.ApiException;
import app.banter.user.AccountDeleted;
import app.banter.user.UserRegistered;
import app.banter.user.Users;

/**
 * Restrictions and bans. Whether a user may reach others (restricted or banned users may not) is part of
 * {@link RelationshipStore}; sign-in asks {@link #isBanned}.
 */
@ApplicationScoped
public class Moderation {

    private final UserStandingRepository standings;
    private final ModerationActionRepository actions;
    private final ReportRepository reports;
    private final Users users;
    private final SocialConfig config;
    private final Event<UserBanned> banned;

    Moderation(UserStandingRepository standings, ModerationActionRepository actions, ReportRepository reports,
            Users users, SocialConfig config, Event<UserBanned> banned) {
        this.standings = standings;
        this.actions = actions;
        this.reports = reports;
        this.users = users;
        this.config = config;
        this.banned = banned;
    }

    @Transactional
    public boolean isBanned(UUID userId) {
        return standings.isBanned(userId);
    }

    /**
     * Whether the user is under any measure, restricted or banned: referrals to or from them earn nothing, and they
     * post in no room.
     */
    @Transactional
    public boolean isRestrictedOrBanned(UUID userId) {
        return standings.findByIdOptional(userId).isPresent();
    }

    /** The refusal for a restricted (or banned) user who tries to reach someone: 403 ACCOUNT_RESTRICTED. */
    public static ApiException restricted() {
        return ApiException.forbidden("ACCOUNT_RESTRICTED",
                "Your account is restricted while a moderator reviews reports about it");
    }

    @Transactional
    public StandingView restrict(UUID moderatorId, UUID userId, String reason) {
        return impose(moderatorId, userId, UserStanding.Status.RESTRICTED, reason);
    }

    /** Bans the user: every session (and so every websocket) ends at once, and sign-in is refused from now on. */
    @Transactional
    public StandingView ban(UUID moderatorId, UUID userId, String reason) {
        StandingView view = impose(moderatorId, userId, UserStanding.Status.BANNED, reason);
        banned.fire(new UserBanned(userId));
        return view;
    }

    @Transactional
    public StandingView lift(UUID moderatorId, UUID userId, String reason) {
        lockAccount(userId);
        requireNotSelf(moderatorId, userId);
        UserStanding standing = standings.findByIdOptional(userId)
                .orElseThrow(() -> ApiException.conflict("NOT_RESTRICTED", "This user is in good standing"));
        standings.delete(standing);
        record(userId, ModerationAction.Kind.LIFT, reason, moderatorId);
        return new StandingView(userId, null, null, null);
    }

    /**
     * Restricts a user automatically once enough different people reported them within the window (reports that a
     * lift already answered do not count again). Staff are never restricted by reports alone, as they are not by hand
     * (three throwaway accounts could otherwise silence an admin): the reports wait for another moderator.
     */
    @Transactional
    public void restrictIfWidelyReported(UUID userId) {
        // The account's row lock, as measures and lifts take it (lockAccount): a ban at the same moment then updates
        // this restriction, and reports a lift answered are not counted again once it committed.
        if (!users.lock(userId) || users.isStaff(userId)) {
            return;
        }
        Instant now = now();
        Instant windowStart = now.minus(config.reports().autoRestrictWindow());
        long reporters = reports.distinctReportersSince(userId, windowStart);
        if (reporters < config.reports().autoRestrictReporters()) {
            return;
        }
        String reason = "Reported by " + reporters + " users";
        if (standings.restrictIfInGoodStanding(userId, reason, now)) {
            record(userId, ModerationAction.Kind.RESTRICT, reason, null);
        }
    }

    /**
     * A measure outlives the account: deleting it and registering the phone again must not shed a restriction. The
     * deleted account keeps no standing of its own.
     */
    void keepForThePhone(@Observes AccountDeleted event) {
        if (event.phoneHash() != null) {
            standings.keepForPhone(event.userId(), event.phoneHash());
            standings.deleteById(event.userId());
        }
    }

    /** A carried-over ban makes the registration fail at sign-in, as a banned phone's sign-in does. */
    void carryOver(@Observes UserRegistered event) {
        if (event.phoneHash() != null) {
            standings.carryOver(event.phoneHash(), event.userId()).ifPresent(status -> record(event.userId(),
                    status == UserStanding.Status.BANNED ? ModerationAction.Kind.BAN : ModerationAction.Kind.RESTRICT,
                    "Carried over from a deleted account of the same phone", null));
        }
    }

    private StandingView impose(UUID moderatorId, UUID userId, UserStanding.Status status, String reason) {
        // A sign-in at the same moment either starts its session before the ban (which then ends it) or waits and is
        // refused.
        lockAccount(userId);
        // A deleted account's measure would bind nothing: its phone keeps only what stood at the deletion. Refused,
        // so that the moderator learns the ban did not land, rather than answered as if it had.
        if (!users.isActive(userId)) {
            throw ApiException.conflict("ACCOUNT_DELETED", "This account was deleted; no measure can be imposed on it");
        }
        requireNotSelf(moderatorId, userId);
        // A moderator could otherwise ban every admin; an admin first revokes the roles (never the last admin's).
        if (users.isStaff(userId)) {
            throw ApiException.conflict("STAFF_MEMBER",
                    "This user is staff: revoke their moderator and admin roles before restricting or banning them");
        }
        UserStanding standing = standings.findById(userId);
        if (status == UserStanding.Status.RESTRICTED && standing != null
                && standing.status == UserStanding.Status.BANNED) {
            // Restricting would let a banned user sign in again, without a lift on record.
            throw ApiException.conflict("ALREADY_BANNED", "This user is banned; lift the ban first");
        }
        boolean isNew = standing == null;
        if (isNew) {
            standing = new UserStanding();
            standing.userId = userId;
        }
        standing.status = status;
        standing.reason = reason;
        standing.decidedBy = moderatorId;
        standing.since = now();
        if (isNew) {
            standings.persist(standing);
        }
        record(userId, status == UserStanding.Status.BANNED ? ModerationAction.Kind.BAN : ModerationAction.Kind.RESTRICT,
                reason, moderatorId);
        return new StandingView(userId, status, reason, standing.since);
    }

    private static void requireNotSelf(UUID moderatorId, UUID userId) {
        if (moderatorId.equals(userId)) {
            throw ApiException.badRequest("SELF_MODERATION", "You cannot moderate yourself");
        }
    }

    /**
     * The account's row lock, which every change to a standing takes first (measures, lifts, the automatic
     * restriction): each then reads the standing the one before committed, instead of inserting a second one (a
     * duplicate key), deleting a ban it never saw, or deleting what another lift deleted already.
     */
    private void lockAccount(UUID userId) {
        if (!users.lock(userId)) {
            throw ApiException.notFound("User");
        }
    }

    private void record(UUID userId, ModerationAction.Kind kind, String reason, UUID decidedBy) {
        ModerationAction action = new ModerationAction();
        action.id = UUID.randomUUID();
        action.userId = userId;
        action.action = kind;
        action.reason = reason;
        action.decidedBy = decidedBy;
        action.createdAt = now();
        actions.persist(action);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** status is null once lifted. */
    public record StandingView(UUID userId, @Schema(nullable = true) UserStanding.Status status,
            @Schema(nullable = true) String reason, @Schema(nullable = true) Instant since) {
    }
}
