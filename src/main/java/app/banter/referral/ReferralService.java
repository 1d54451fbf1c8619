package app.banter.referral;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.TimeCursor;
import app.banter.referral.ReferralCodeRepository.OwnedCode;
import app.banter.referral.ReferralsView.ReferralOutcome;
import app.banter.referral.ReferralsView.ReferralView;
import app.banter.user.PhoneHashes;
import app.banter.user.UserSummary;
import app.banter.user.Users;

/** Referrals made at registration, and what a user reads of their own. */
@ApplicationScoped
public class ReferralService {

    private static final Logger LOG = Logger.getLogger(ReferralService.class);

    private final ReferralCodes codes;
    private final ReferralCodeRepository codeRows;
    private final ReferralRepository referrals;
    private final Users users;
    private final PhoneHashes hashes;
    private final ReferralConfig config;

    ReferralService(ReferralCodes codes, ReferralCodeRepository codeRows, ReferralRepository referrals, Users users,
            PhoneHashes hashes, ReferralConfig config) {
        this.codes = codes;
        this.codeRows = codeRows;
        this.referrals = referrals;
        this.users = users;
        this.hashes = hashes;
        this.config = config;
    }

    /**
     * Joins the registering transaction, after the account exists: a known code of another active user makes a
     * PENDING referral; an unknown code, a deleted user's code or one's own (also a code of an earlier account of
     * the same phone) is refused without failing the registration.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RegistrationReferral applyAtRegistration(UUID refereeId, String enteredCode) {
        String code = ReferralCodes.normalize(enteredCode);
        String phoneHash = users.phoneNumber(refereeId).map(hashes::of).orElse(null);
        OwnedCode owned = codeRows.findByCode(code).orElse(null);
        if (owned == null) {
            return RegistrationReferral.unknownCode();
        }
        if (owned.userId().equals(refereeId)
                || (phoneHash != null && Objects.equals(owned.ownerPhoneHash(), phoneHash))) {
            return RegistrationReferral.ownCode();
        }
        if (!users.isActive(owned.userId())) {
            return RegistrationReferral.unknownCode();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Referral referral = new Referral();
        referral.id = UUID.randomUUID();
        referral.referrerId = owned.userId();
        referral.refereeId = refereeId;
        referral.code = code;
        referral.status = Referral.Status.PENDING;
        referral.refereePhoneHash = phoneHash;
        referral.createdAt = now;
        referral.updatedAt = now;
        referrals.persist(referral);
        LOG.infof("Referral %s: user %s referred by %s", referral.id, refereeId, owned.userId());
        return RegistrationReferral.applied();
    }

    /** Only ever the caller's own referrals: there is no parameter naming another user. */
    @Transactional
    public ReferralsView view(UUID userId, String cursor, int limit) {
        String code = codes.codeOf(userId);
        String link = config.linkBase() + code;
        String shareText = config.shareText().replace("{code}", code).replace("{link}", link);
        List<Referral> rows = referrals.pageOf(userId, TimeCursor.decode(cursor), limit + 1);
        Map<UUID, UserSummary> referees = users.summaries(rows.stream().map(r -> r.refereeId).toList());
        Page<ReferralView> page = Page.of(rows, limit,
                r -> new ReferralView(r.id, referees.get(r.refereeId), ReferralOutcome.of(r.status),
                        r.rewardedAt == null ? 0 : r.referrerReward, r.createdAt, r.rewardedAt),
                r -> new TimeCursor(r.createdAt, r.id).encode());
        return new ReferralsView(code, link, shareText, referrals.rewardsEarned(userId), page);
    }
}
