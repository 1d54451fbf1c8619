package app.banter.wallet;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.wallet")
public interface WalletConfig {

    /** Coins every new user receives from PROMOTIONS at registration; 0 turns the grant off. */
    @WithDefault("100")
    long signupGrant();

    /** How often the expiry job looks for holds past their expiry (read by HoldExpiryJob's schedule). */
    @WithDefault("15s")
    Duration holdExpiryInterval();

    /** Holds expired per transaction by the expiry job. */
    @WithDefault("200")
    int holdExpiryBatchSize();
}
