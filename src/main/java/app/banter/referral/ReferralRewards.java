package app.banter.referral;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import app.banter.payment.CoinsPurchased;
import app.banter.payment.PurchaseRefunded;
import app.banter.platform.security.Secrets;
import app.banter.referral.Referral.RejectionReason;
import app.banter.referral.ReferralRepository.ReferralKey;
import app.banter.social.Moderation;
import app.banter.user.Users;
import app.banter.wallet.Account;
import app.banter.wallet.Accounts;
import app.banter.wallet.Ledger;
import app.banter.wallet.SystemAccounts;
import app.banter.wallet.TransferKind;

/**
 * Rewards a referral when the referee's first coin purchase settles, and takes the referee's reward back when that
 * purchase is refunded. Both run inside the payment's own transaction (the events are fired there), so a reward exists
 * exactly when the purchase is settled.
 *
 * <p>
 * Exactly once: the referrer's code row is locked first (one referrer's rewards are decided one after another, which
 * keeps the monthly limit), then the referral row, whose status must still be PENDING; the ledger keys
 * ("referral:{id}:referee", "referral:{id}:referrer") are the second guard. Two purchases of one referee settling at
 * once therefore reward once, for whichever commits first.
 */
@ApplicationScoped
public class ReferralRewards {

    private static final Logger LOG = Logger.getLogger(ReferralRewards.class);

    private final ReferralRepository referrals;
    private final ReferralCodeRepository codes;
    private final Users users;
    private final Moderation moderation;
    private final Accounts accounts;
    private final Ledger ledger;
    private final ReferralConfig config;

    ReferralRewards(ReferralRepository referrals, ReferralCodeRepository codes, Users users, Moderation moderation,
            Accounts accounts, Ledger ledger, ReferralConfig config) {
        this.referrals = referrals;
        this.codes = codes;
        this.users = users;
        this.moderation = moderation;
        this.accounts = accounts;
        this.ledger = ledger;
        this.config = config;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void onCoinsPurchased(@Observes CoinsPurchased purchase) {
        Optional<ReferralKey> pending = referrals.findPending(purchase.userId());
        if (pending.isEmpty()) {
            return;
        }
        codes.lockOwner(pending.get().referrerId());
        Referral referral = referrals.lock(pending.get().id());
        if (referral.status != Referral.Status.PENDING) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        referral.purchaseId = purchase.purchaseId();
        referral.updatedAt = now;
        RejectionReason refused = refusal(referral, now);
        if (refused == null) {
            refused = claimPhoneAndDevices(referral);
        }
        if (refused != null) {
            referral.status = Referral.Status.REJECTED;
            referral.rejectionReason = refused;
            LOG.infof("Referral %s not rewarded: %s", referral.id, refused);
            return;
        }
        // The referee's account is already locked by this transaction's purchase credit; the referrer's comes next.
        if (config.refereeReward() > 0) {
            ledger.transfer("referral:" + referral.id + ":referee", SystemAccounts.PROMOTIONS,
                    accounts.coins(referral.refereeId), config.refereeReward(), TransferKind.REFERRAL_REWARD,
                    "referral:" + referral.id);
        }
        if (config.referrerReward() > 0) {
            ledger.transfer("referral:" + referral.id + ":referrer", SystemAccounts.PROMOTIONS,
                    accounts.coins(referral.referrerId), config.referrerReward(), TransferKind.REFERRAL_REWARD,
                    "referral:" + referral.id);
        }
        referral.status = Referral.Status.COMPLETED;
        referral.refereeReward = config.refereeReward();
        referral.referrerReward = config.referrerReward();
        referral.rewardedAt = now;
        LOG.infof("Referral %s completed by purchase %s", referral.id, purchase.purchaseId());
    }

    /**
     * Any refund (partial or full) of the purchase that rewarded a referral takes back the referee's reward, as far
     * as the referee still has coins available after the refund took its own coins back; the spent part is not
     * recovered (no debt), and the referrer keeps their reward. The referral stays counted for the monthly limit and
     * keeps its phone and devices.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void onPurchaseRefunded(@Observes PurchaseRefunded refund) {
        Optional<ReferralKey> completed = referrals.findCompletedBy(refund.purchaseId());
        if (completed.isEmpty()) {
            return;
        }
        codes.lockOwner(completed.get().referrerId());
        Referral referral = referrals.lock(completed.get().id());
        if (referral.status != Referral.Status.COMPLETED) {
            return;
        }
        UUID coins = accounts.coins(referral.refereeId);
        long available = accounts.find(coins).map(Account::available).orElse(0L);
        long taken = Math.min(referral.refereeReward, Math.max(0, available));
        if (taken > 0) {
            ledger.transfer("referral:" + referral.id + ":clawback", coins, SystemAccounts.PROMOTIONS, taken,
                    TransferKind.REFERRAL_CLAWBACK, "referral:" + referral.id);
        }
        referral.status = Referral.Status.CLAWED_BACK;
        referral.clawedBack = taken;
        referral.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        LOG.infof("Referral %s clawed back after refund %s: %d of %d coins", referral.id, refund.refundId(), taken,
                referral.refereeReward);
    }

    /** The rules that need no claim: standing, the referrer's account, the monthly limit, a registered device. */
    private RejectionReason refusal(Referral referral, Instant now) {
        if (moderation.isRestrictedOrBanned(referral.referrerId) || moderation.isRestrictedOrBanned(referral.refereeId)) {
            return RejectionReason.USER_RESTRICTED;
        }
        if (!users.isActive(referral.referrerId)) {
            return RejectionReason.REFERRER_INACTIVE;
        }
        ZoneId zone = ZoneId.of(config.monthZone());
        LocalDate month = LocalDate.ofInstant(now, zone).withDayOfMonth(1);
        long thisMonth = referrals.countRewarded(referral.referrerId, month.atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atStartOfDay(zone).toInstant());
        if (thisMonth >= config.monthlyRewardsPerReferrer()) {
            return RejectionReason.MONTHLY_LIMIT_REACHED;
        }
        return null;
    }

    /**
     * Refuses a referee on one of the referrer's phones, then claims the referee's devices and phone for this reward.
     * The claims are rows with the key as primary key, so a second referral with the same device or phone finds it
     * taken, also when both are decided at the same instant.
     */
    private RejectionReason claimPhoneAndDevices(Referral referral) {
        List<String> refereeKeys = users.deviceKeys(referral.refereeId);
        if (refereeKeys.isEmpty()) {
            return RejectionReason.NO_REGISTERED_DEVICE;
        }
        // Sorted, so that two referrals claiming overlapping keys at once insert them in one order and never deadlock.
        Set<String> deviceKeys = new TreeSet<>();
        refereeKeys.forEach(key -> deviceKeys.add(Secrets.sha256Hex(key)));
        // A second account on a phone the referrer has used (another SIM), signed out of it or not, is the referrer
        // referring themselves. Checked before claiming, so a refused referee's phone stays free for a genuine referral.
        if (!Collections.disjoint(deviceKeys, users.deviceKeyHashesEverUsedBy(referral.referrerId))) {
            return RejectionReason.SAME_DEVICE_AS_REFERRER;
        }
        if (referrals.claimDevices(deviceKeys, referral.id) < deviceKeys.size()) {
            referrals.releaseDevices(referral.id);
            return RejectionReason.DEVICE_ALREADY_REWARDED;
        }
        if (referral.refereePhoneHash != null && !referrals.claimPhone(referral.refereePhoneHash, referral.id)) {
            referrals.releaseDevices(referral.id);
            return RejectionReason.PHONE_ALREADY_REWARDED;
        }
        return null;
    }
}
