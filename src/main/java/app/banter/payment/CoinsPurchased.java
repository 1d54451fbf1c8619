package app.banter.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired inside the transaction that settles a purchase and credits its coins, once per purchase: features that
 * reward buying (referrals) act in the same commit as the credit.
 */
public record CoinsPurchased(UUID purchaseId, UUID userId, long coins, long amountPaise, Instant paidAt) {
}
