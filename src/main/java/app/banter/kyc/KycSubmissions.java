package app.banter.kyc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import app.banter.kyc.provider.ProviderDecision;
import app.banter.media.MediaAttachments;
import app.banter.media.MediaPurpose;
import app.banter.media.MediaRef;
import app.banter.operator.AuditLog;
import app.banter.platform.error.ApiException;
import app.banter.user.AccountDeleted;
import app.banter.user.Users;

/**
 * The rules of a user's submissions, each in its own transaction: who may submit, and how a provider's decision
 * changes a submission. A decision moves a submission forward only: PENDING to VERIFIED or REJECTED, once; a late
 * PENDING or a second final decision changes nothing.
 */
@ApplicationScoped
public class KycSubmissions {

    private static final Logger LOG = Logger.getLogger(KycSubmissions.class);
    private static final Duration DAY = Duration.ofHours(24);

    static final String IN_USE_ELSEWHERE = "This document is verified on another account";
    static final String NAME_NOT_CONFIRMED = "The name on this document could not be confirmed; submit again or use "
            + "another document";
    static final String NOT_THE_PROFILE_NAME = "The name registered for this document is not the name on your profile";
    static final String NO_DECISION = "The verification provider gave no decision on this document; submit it again";
    static final String ACCOUNT_DELETED = "The account was deleted";

    private final KycSubmissionRepository submissions;
    private final KycConfig config;
    private final Event<KycDecided> decided;
    private final MediaAttachments attachments;
    private final Users users;
    private final AuditLog audit;

    KycSubmissions(KycSubmissionRepository submissions, KycConfig config, Event<KycDecided> decided,
            MediaAttachments attachments, Users users, AuditLog audit) {
        this.submissions = submissions;
        this.config = config;
        this.decided = decided;
        this.attachments = attachments;
        this.users = users;
        this.audit = audit;
    }

    /**
     * Records a new PENDING submission, refusing when the user is verified or has one pending, has used up the
     * day's submissions, or the document is verified on another account. A user's KYC keeps the image of their newest
     * submission only: pending, it is under review; verified, it is the identity their payouts rely on; rejected, it
     * is what a moderator looks at when the rejection is questioned, until the user submits again.
     */
    @Transactional
    public UUID open(UUID userId, DocumentType type, String numberHmac, String lastFour, String provider,
            UUID documentImageId) {
        submissions.lockUser(userId);
        if (submissions.isVerified(userId)) {
            throw ApiException.conflict("KYC_ALREADY_VERIFIED", "Your KYC is verified; it cannot be changed");
        }
        if (submissions.latestOf(userId).filter(s -> s.status == KycStatus.PENDING).isPresent()) {
            throw ApiException.conflict("KYC_PENDING", "Your document is being verified; wait for the result");
        }
        Instant now = Instant.now();
        Instant dayAgo = now.minus(DAY);
        if (submissions.countSince(userId, dayAgo) >= config.submissionsPerDay()) {
            long retryAfter = submissions.oldestSince(userId, dayAgo)
                    .map(oldest -> Math.max(1, Duration.between(now, oldest.plus(DAY)).toSeconds())).orElse(1L);
            throw new ApiException(429, "KYC_SUBMISSION_LIMIT", "At most " + config.submissionsPerDay()
                    + " KYC submissions in 24 hours; retry after " + retryAfter + " s", retryAfter);
        }
        if (submissions.isVerifiedElsewhere(type, numberHmac, userId)) {
            throw ApiException.conflict("DOCUMENT_ALREADY_VERIFIED", IN_USE_ELSEWHERE);
        }
        KycSubmission s = new KycSubmission();
        s.id = UUID.randomUUID();
        s.userId = userId;
        s.documentType = type;
        s.documentMediaId = documentImageId == null ? null
                : attachments.attach(userId, documentImageId, MediaPurpose.KYC_DOCUMENT).id();
        // Every earlier submission is rejected (none is pending or verified, as checked above), and the new one is what
        // a moderator reviews from now on (latestWithImage): the identity documents the user sent before are released.
        submissions.listOf(userId).forEach(this::releaseImage);
        s.numberHmac = numberHmac;
        s.numberLast4 = lastFour;
        s.provider = provider;
        s.status = KycStatus.PENDING;
        s.pollAfter = now.plus(config.poller().pendingTimeout());
        s.createdAt = now;
        s.updatedAt = now;
        submissions.persist(s);
        return s.id;
    }

    /**
     * The provider never took the document: the submission goes, and does not count against the day's limit; its image
     * may be sent again.
     */
    @Transactional
    public void discard(UUID submissionId) {
        submissions.findByIdOptional(submissionId).ifPresent(s -> {
            releaseImage(s);
            submissions.delete(s);
        });
    }

    /** Ends the submission's use of its document image: the media cleanup deletes it. */
    private void releaseImage(KycSubmission s) {
        if (s.documentMediaId != null) {
            attachments.release(MediaRef.of(s.documentMediaId, MediaPurpose.KYC_DOCUMENT));
            s.documentMediaId = null;
        }
    }

    /**
     * The document image of the user's newest submission that has one, for a moderator's review. Each look at
     * someone's identity document is written to the operator audit log with the moderator's reason, in the same
     * transaction.
     */
    @Transactional
    public Optional<MediaRef> documentImageFor(UUID moderatorId, UUID userId, String reason) {
        Optional<KycSubmission> latest = submissions.latestWithImage(userId);
        latest.ifPresent(s -> audit.record(moderatorId, AuditLog.Action.KYC_DOCUMENT_VIEWED, "USER", userId, reason,
                Map.of("submission", s.id)));
        return latest.map(s -> MediaRef.of(s.documentMediaId, MediaPurpose.KYC_DOCUMENT));
    }

    /** The provider's answer to the submission itself: its reference, and its decision if it made one. */
    @Transactional
    public void recordAnswer(UUID submissionId, ProviderDecision decision) {
        KycSubmission s = submissions.lock(submissionId).orElseThrow();
        if (s.providerReference == null) {
            s.providerReference = decision.reference();
        }
        apply(s, decision);
    }

    /** Applies a decision reached by webhook or poll to the locked submission; false when it changed nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(KycSubmission s, ProviderDecision decision) {
        Instant now = Instant.now();
        if (s.isFinal() || decision.status() == KycStatus.PENDING) {
            if (s.isFinal() && decision.status() != KycStatus.PENDING && decision.status() != s.status) {
                LOG.warnf("KYC submission %s is %s; a later %s from %s was ignored", s.id, s.status,
                        decision.status(), s.provider);
            }
            return false;
        }
        if (decision.status() == KycStatus.REJECTED) {
            s.status = KycStatus.REJECTED;
            s.reason = truncate(decision.reason() == null ? "The document could not be verified" : decision.reason());
        } else if (decision.holderName() == null) {
            // The provider found the number but named no holder: that a document exists does not make it this user's.
            // Refused rather than left pending, since asking again brings no name either.
            s.status = KycStatus.REJECTED;
            s.reason = NAME_NOT_CONFIRMED;
        } else if (!isProfileName(s.userId, decision.holderName())) {
            s.status = KycStatus.REJECTED;
            s.reason = NOT_THE_PROFILE_NAME;
        } else {
            submissions.lockDocument(s.documentType, s.numberHmac);
            if (submissions.isVerifiedElsewhere(s.documentType, s.numberHmac, s.userId)) {
                s.status = KycStatus.REJECTED;
                s.reason = IN_USE_ELSEWHERE;
            } else {
                s.status = KycStatus.VERIFIED;
                s.reason = null;
            }
        }
        s.decidedAt = decision.decidedAt();
        s.updatedAt = now;
        LOG.infof("KYC submission %s of user %s is %s (%s)", s.id, s.userId, s.status, s.provider);
        decided.fire(new KycDecided(s.userId, s.id, s.status, s.reason));
        return true;
    }

    /**
     * Whether the name the provider has on record for the document is the profile's, by the rule the name given with
     * the submission already passed. Checked when the decision arrives, since callbacks and polls carry no submitted
     * name; a user deleted meanwhile has no profile, and no document is verified for them.
     */
    private boolean isProfileName(UUID userId, String holderName) {
        return users.activeProfile(userId).filter(profile -> NameMatch.matches(holderName, profile.fullName()))
                .isPresent();
    }

    /** A submission the poller claimed: its id, provider and the provider's reference. */
    public record Due(UUID id, String provider, String reference) {
    }

    /** Claims due pending submissions (see {@link KycSubmissionRepository#claimPending}). */
    @Transactional
    public List<Due> claimPending(Instant now, Instant sentBefore, Instant leaseUntil, int limit) {
        List<UUID> ids = submissions.claimPending(now, sentBefore, leaseUntil, limit);
        return ids.stream().map(id -> submissions.findById(id)).map(s -> new Due(s.id, s.provider, s.providerReference))
                .toList();
    }

    /**
     * Deletes pending submissions that never got the provider's answer, sent before {@code sentBefore} (see
     * {@link KycSubmissionRepository#lockUnanswered}): nothing can be asked about them, and the user may submit again.
     * Their images are released, as when a provider call fails.
     */
    @Transactional
    public int dropUnanswered(Instant sentBefore) {
        List<UUID> ids = submissions.lockUnanswered(sentBefore);
        for (UUID id : ids) {
            KycSubmission s = submissions.findById(id);
            releaseImage(s);
            submissions.delete(s);
        }
        return ids.size();
    }

    /**
     * Closes as REJECTED up to {@code limit} submissions still pending since before {@code sentBefore} (see
     * {@link KycConfig.Poller#maxPendingAge}), telling their users; returns how many. Their images are released, unlike
     * a provider's rejection, whose image moderators may want to see: nobody judged these documents.
     */
    @Transactional
    public int closeUndecided(Instant sentBefore, int limit) {
        List<UUID> ids = submissions.lockPendingSince(sentBefore, limit);
        Instant now = Instant.now();
        for (UUID id : ids) {
            KycSubmission s = submissions.findById(id);
            apply(s, ProviderDecision.rejected(NO_DECISION, s.providerReference, now));
            releaseImage(s);
        }
        return ids.size();
    }

    /** A decision the poller learnt; judged like a callback's. */
    @Transactional
    public boolean applyPolled(UUID submissionId, ProviderDecision decision) {
        return submissions.lock(submissionId).map(s -> apply(s, decision)).orElse(false);
    }

    /**
     * Forgets the document of every submission of a deleted account, in the deleting transaction: the keyed hash and
     * last four characters of the number (so the same person may verify the document again on a new account) and its
     * image, released for the media cleanup. The rows stay, with type, provider, the provider's reference, status and
     * dates: the account's past payouts were allowed by a VERIFIED KYC, and an audit of them must still see who decided
     * it and when (the provider keeps its own record under that reference). A pending submission is closed: there is
     * nobody left to verify.
     */
    void forgetDocuments(@Observes AccountDeleted event) {
        submissions.lockUser(event.userId());
        Instant now = Instant.now();
        for (KycSubmission s : submissions.listOf(event.userId())) {
            releaseImage(s);
            s.numberHmac = null;
            s.numberLast4 = null;
            if (s.status == KycStatus.PENDING) {
                s.status = KycStatus.REJECTED;
                s.reason = ACCOUNT_DELETED;
                s.decidedAt = now;
            }
            s.updatedAt = now;
        }
    }

    /** What the user sees: the newest submission (a verified user submits no other). */
    @Transactional
    public Optional<KycSubmission> current(UUID userId) {
        return submissions.latestOf(userId);
    }

    private static String truncate(String reason) {
        return reason.length() <= 200 ? reason : reason.substring(0, 200);
    }
}
