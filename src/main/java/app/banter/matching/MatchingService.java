package app.banter.matching;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import app.banter.call.Call;
import app.banter.call.CallConfig;
import app.banter.call.CallService;
import app.banter.call.CallViews.CallView;
import app.banter.matching.MatchingViews.JoinQueueRequest;
import app.banter.matching.MatchingViews.QueueView;
import app.banter.matching.MatchingViews.RateMatchRequest;
import app.banter.matching.MatchingViews.RatingView;
import app.banter.matching.MatchingViews.SkipView;
import app.banter.platform.error.ApiException;
import app.banter.realtime.Presence;
import app.banter.realtime.PresenceTransitions;
import app.banter.realtime.PresenceStatus;
import app.banter.social.Moderation;
import app.banter.social.Report;
import app.banter.social.ReportRequests;
import app.banter.social.ReportService;
import app.banter.user.ProfileView;
import app.banter.user.Users;
import app.banter.wallet.Account;
import app.banter.wallet.Accounts;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Joining and leaving the pool, and skipping a matched call. Only a user who is online and in no call may wait; going
 * offline or into any call (presence turns OFFLINE or BUSY) takes them out at once, and the matcher drops anyone it
 * finds so on its next tick in case that news was missed.
 */
@ApplicationScoped
public class MatchingService {

    private final MatchQueue queue;
    private final MatchStore store;
    private final Presence presence;
    private final Moderation moderation;
    private final Users users;
    private final Accounts accounts;
    private final CallService calls;
    private final CallConfig callConfig;
    private final MatchMetrics metrics;
    private final MatchingConfig config;
    private final ReportService reports;

    MatchingService(MatchQueue queue, MatchStore store, Presence presence, Moderation moderation, Users users,
            Accounts accounts, CallService calls, CallConfig callConfig, MatchMetrics metrics, MatchingConfig config,
            ReportService reports) {
        this.reports = reports;
        this.queue = queue;
        this.store = store;
        this.presence = presence;
        this.moderation = moderation;
        this.users = users;
        this.accounts = accounts;
        this.calls = calls;
        this.callConfig = callConfig;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * Joins the pool, or changes the request while keeping one's place. Refused (and nothing changes) for a restricted
     * user (403), one who is not connected or is in a call (409), or one who could not pay a call's first minute
     * (402), since either of two matched users may be the caller.
     */
    public QueueView join(UUID userId, JoinQueueRequest request) {
        // What the database says, in one transaction rather than one each.
        Joiner joiner = QuarkusTransaction.requiringNew().call(() -> joiner(userId));
        return enqueue(admitted(userId, request, joiner, false));
    }

    /** Who asks to wait, as the database says, in the caller's transaction; 403 for a restricted user. */
    private Joiner joiner(UUID userId) {
        if (moderation.isRestrictedOrBanned(userId)) {
            throw Moderation.restricted();
        }
        return new Joiner(users.activeProfile(userId).orElseThrow(() -> ApiException.notFound("User")),
                accounts.find(accounts.coins(userId)).map(Account::available).orElse(0L));
    }

    /**
     * The ticket for the request if the joiner may wait: connected (409), in no call (409; not asked of a skipper,
     * whose call is theirs until its end commits), able to pay a first minute (402).
     */
    private MatchTicket admitted(UUID userId, JoinQueueRequest request, Joiner joiner, boolean skipping) {
        if (!presence.isConnected(userId)) {
            throw ApiException.conflict("NOT_CONNECTED", "Only someone connected to /ws can be matched");
        }
        if (!skipping && presence.isBusy(userId)) {
            throw ApiException.conflict("ALREADY_IN_CALL", "You are already in a call");
        }
        long firstMinute = request.mode() == Call.Type.VIDEO ? callConfig.videoCoinsPerMinute()
                : callConfig.audioCoinsPerMinute();
        if (joiner.available() < firstMinute) {
            throw new ApiException(402, "INSUFFICIENT_BALANCE", "Not enough coins for the first minute of a call");
        }
        ProfileView profile = joiner.profile();
        return new MatchTicket(userId, UUID.randomUUID(), normalizedLanguages(request.languages()),
                normalized(request.interests()), request.mode(), profile.gender(), request.preferredGender(),
                profile.premiumUntil() != null && profile.premiumUntil().isAfter(Instant.now()));
    }

    private QueueView enqueue(MatchTicket ticket) {
        long since = queue.enqueue(ticket, System.currentTimeMillis());
        return QueueView.of(new Waiting(ticket, since), System.currentTimeMillis());
    }

    private record Joiner(ProfileView profile, long available) {
    }

    /**
     * Leaves the pool; a match being connected at that moment that gets no call then does not put the user back.
     * Leaving when not waiting changes nothing else.
     */
    public void leave(UUID userId) {
        queue.remove(userId);
    }

    public QueueView status(UUID userId) {
        return queue.waiting(userId).map(w -> QueueView.of(w, System.currentTimeMillis()))
                .orElseGet(QueueView::notWaiting);
    }

    /**
     * Skips a matched call within the skip window: it ends without charge; with {@code requeue}, the skipper goes back
     * in the pool with the request they were matched with (the partner is not matched with them again for
     * banter.matching.recent-partner-window). Someone else's call, or one no match made, is 404. A requeue the pool
     * refuses (as a join would, or the request no longer remembered) refuses the skip: the call goes on.
     */
    public SkipView skip(UUID userId, UUID callId, boolean requeue) {
        Skipped skipped = QuarkusTransaction.requiringNew().call(() -> {
            store.byCallForParty(callId, userId).orElseThrow(() -> ApiException.notFound("Match"));
            CallView ended = calls.skipMatched(userId, callId, config.skipWindow());
            // The requeue is admitted in the end's transaction, so that its refusal rolls the end back: once ended,
            // the call could not be skipped again (CALL_ENDED) by the client's retry. After the end rather than
            // before: the balance must count the first minute's hold the end gives back.
            return new Skipped(ended, requeue ? requeued(userId) : null);
        });
        metrics.skipped();
        return new SkipView(skipped.call(),
                skipped.requeued() == null ? QueueView.notWaiting() : enqueue(skipped.requeued()));
    }

    private MatchTicket requeued(UUID userId) {
        MatchTicket last = queue.lastMatched(userId).orElseThrow(() -> ApiException.conflict("MATCH_REQUEST_EXPIRED",
                "Your matching request is no longer remembered; join the queue again"));
        return admitted(userId, new JoinQueueRequest(last.languages(), last.interests(), last.mode(),
                last.preferredGender()), joiner(userId), true);
    }

    private record Skipped(CallView call, MatchTicket requeued) {
    }

    /**
     * Rates a matched call that is over, once per side; a report in the rating is filed through social's reports in the
     * same transaction. 404 for a call no match of the user's made, 409 CALL_NOT_ENDED while it runs, 409
     * ALREADY_RATED the second time (the report is then not filed either).
     */
    @Transactional
    public RatingView rate(UUID userId, UUID callId, RateMatchRequest request) {
        MatchStore.MatchRecord match = store.byCallForParty(callId, userId)
                .orElseThrow(() -> ApiException.notFound("Match"));
        if (!calls.call(userId, callId).status().isTerminal()) {
            throw ApiException.conflict("CALL_NOT_ENDED", "A call is rated once it is over");
        }
        UUID partner = match.callerId().equals(userId) ? match.calleeId() : match.callerId();
        UUID reportId = request.report() == null ? null
                : reports.file(userId, new ReportRequests.FileReport(Report.TargetType.USER, partner,
                        request.report().reason(), request.report().description())).id();
        if (!store.recordRating(match.id(), userId, request.stars(), reportId, Instant.now())) {
            throw ApiException.conflict("ALREADY_RATED", "You rated this call already");
        }
        return new RatingView(match.id(), request.stars(), reportId);
    }

    /** Going offline or into any call leaves the pool at once. */
    void leaveWhenUnavailable(@Observes PresenceTransitions transitions) {
        queue.removeAll(transitions.usersNot(PresenceStatus.ONLINE));
    }

    private static List<String> normalizedLanguages(List<String> languages) {
        return languages.stream().map(l -> l.split("-")[0].toLowerCase(Locale.ROOT)).distinct().toList();
    }

    private static List<String> normalized(List<String> interests) {
        return interests == null ? List.of()
                : interests.stream().map(i -> i.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    }
}
