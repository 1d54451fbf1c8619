package app.banter.wallet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import app.banter.platform.Batches;

/**
 * Gives back the coins of holds nobody captured or released in time (a call whose pod died). Payout holds have no
 * expiry: only the payout's final status closes them. Safe on every pod at once: each batch skips the holds another
 * transaction has locked.
 */
@ApplicationScoped
class HoldExpiryJob {

    private static final Logger LOG = Logger.getLogger(HoldExpiryJob.class);

    private final Ledger ledger;
    private final WalletConfig config;

    HoldExpiryJob(Ledger ledger, WalletConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    // Skipped while the application starts or stops, when the database may already be gone.
    @Scheduled(every = "{banter.wallet.hold-expiry-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void expireDueHolds() {
        int total = Batches.untilShort(config.holdExpiryBatchSize(), ledger::expireDueHolds);
        if (total > 0) {
            LOG.infof("Expired %d holds", total);
        }
    }
}
