package app.banter.telephony;

import jakarta.transaction.Transactional;

import app.banter.platform.webhook.VerifiedWebhook;
import app.banter.platform.webhook.WebhookOutcome;

/** The feature that owns phone calls (call), handed each verified and first-delivered status callback. */
public interface PhoneCallHandler {

    /** Applies the status in the inbox's transaction, which records it as received. */
    @Transactional(Transactional.TxType.MANDATORY)
    WebhookOutcome apply(VerifiedWebhook<PhoneCallStatus> webhook);
}
