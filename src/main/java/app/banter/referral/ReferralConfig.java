package app.banter.referral;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.referral")
public interface ReferralConfig {

    /** Coins the referrer receives from PROMOTIONS when the referee's first coin purchase settles; 0 pays none. */
    @WithDefault("50")
    long referrerReward();

    /** Coins the referee receives from PROMOTIONS at the same moment; 0 pays none. */
    @WithDefault("50")
    long refereeReward();

    /** Rewarded referrals per referrer per calendar month (in {@link #monthZone()}); more are REJECTED. */
    @WithDefault("10")
    int monthlyRewardsPerReferrer();

    /** The zone whose calendar months the monthly limit counts: Indian Standard Time, where the users are. */
    @WithDefault("Asia/Kolkata")
    String monthZone();

    /** The share link is this base followed by the code. */
    @WithDefault("https://banter.app/r/")
    String linkBase();

    /** The text the app shares; {code} and {link} are replaced. */
    @WithDefault("Join me on Banter! Use my code {code} when you sign up: {link}")
    String shareText();

}
